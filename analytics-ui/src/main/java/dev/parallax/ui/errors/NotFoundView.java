package dev.parallax.ui.errors;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import dev.parallax.ui.MainLayout;
import jakarta.annotation.security.PermitAll;

/** 404 inside the app: an unknown address, or a test nobody ran (rather than a page of "no data"). */
@ParentLayout(MainLayout.class)
@PageTitle("Not found · Parallax")
@PermitAll
public class NotFoundView extends ErrorPage implements HasErrorParameter<NotFoundException> {

    public NotFoundView() {
        super("not-found", "Not found");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        return show(parameter, "There is no page at /" + event.getLocation().getPath() + ".",
                HttpStatusCode.NOT_FOUND.getCode());
    }
}
