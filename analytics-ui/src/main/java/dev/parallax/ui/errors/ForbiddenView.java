package dev.parallax.ui.errors;

import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import dev.parallax.ui.MainLayout;
import jakarta.annotation.security.PermitAll;

/** 403 inside the app: a signed-in user whose roles do not open the page. */
@ParentLayout(MainLayout.class)
@PageTitle("Not allowed · Parallax")
@PermitAll
public class ForbiddenView extends ErrorPage implements HasErrorParameter<AccessDeniedException> {

    public ForbiddenView() {
        super("forbidden", "Not allowed");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        return show(parameter, "Your roles do not open /" + event.getLocation().getPath()
                + ". An administrator can grant them.", HttpStatusCode.FORBIDDEN.getCode());
    }
}
