package dev.parallax.ui.errors;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.RouterLink;
import dev.parallax.ui.overview.OverviewView;

/** What each in-app error page shows inside the app's frame: what happened, why, and the way back. */
abstract class ErrorPage extends VerticalLayout {

    private final Paragraph reason = new Paragraph();

    ErrorPage(String id, String heading) {
        setId(id);
        add(new H2(heading), reason, new RouterLink("Back to the overview", OverviewView.class));
    }

    /** Shows the exception's own message when it has one (e.g. "No test named …"), else {@code fallback}. */
    int show(ErrorParameter<?> parameter, String fallback, int status) {
        reason.setText(parameter.hasCustomMessage() ? parameter.getCustomMessage() : fallback);
        return status;
    }
}
