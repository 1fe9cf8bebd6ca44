package dev.parallax.ui.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.provider.SortDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    record Device(String id, int temperature) {
    }

    private static Table<Device> table() {
        Table<Device> table = new Table<>(Device.class);
        table.addComponentColumn(d -> new Span(d.id()), Device::id).setHeader("Device");
        table.addColumn(d -> d.temperature() + " °C").setHeader("Temperature").setComparator(Device::temperature);
        table.addComponentColumn(d -> new Span("not exported")).setHeader("Action");
        table.setItems(List.of(new Device("pi-1", 61), new Device("=HYPERLINK(\"x\")", 70), new Device("pi, 3", 55)));
        return table;
    }

    @Test
    void theCsvHoldsTheTextColumnsAndTheRowsShown() {
        Table<Device> table = table();
        assertEquals("Device,Temperature\r\npi-1,61 °C\r\n\"'=HYPERLINK(\"\"x\"\")\",70 °C\r\n\"pi, 3\",55 °C\r\n",
                table.csv());
        table.getListDataView().setFilter(d -> d.temperature() < 65);
        assertEquals("Device,Temperature\r\npi-1,61 °C\r\n\"pi, 3\",55 °C\r\n", table.csv(), "filtered as shown");
    }

    @Test
    void rowsComeInTheGridsSortOrder() {
        Table<Device> table = table();
        table.sort(List.of(new GridSortOrder<>(table.getColumns().get(1), SortDirection.ASCENDING)));
        assertEquals(List.of("Device,Temperature", "\"pi, 3\",55 °C", "pi-1,61 °C", "\"'=HYPERLINK(\"\"x\"\")\",70 °C"),
                List.of(table.csv().split("\r\n")));
    }

    @Test
    void signedFiguresStayFiguresAndFormulasAreDefused() {
        assertEquals("+12.5 %", Csv.cell("+12.5 %"));
        assertEquals("+$0.43", Csv.cell("+$0.43"));
        assertEquals("'-2+3+cmd|' /C calc'!A0", Csv.cell("-2+3+cmd|' /C calc'!A0"));
        assertEquals("'@SUM(A1)", Csv.cell("@SUM(A1)"));
    }
}
