package dev.parallax.ui;

import com.vaadin.flow.component.select.Select;

/** A filter by tier: EDGE, CLOUD, or "any" (the empty value), as the lists of runs and devices offer it. */
public final class TierFilter extends Select<String> {

    public TierFilter(String id) {
        setLabel("Tier");
        setId(id);
        setItems("", "EDGE", "CLOUD");
        setItemLabelGenerator(t -> t.isEmpty() ? "any" : t);
        setValue("");
    }
}
