package dev.parallax.ui.security;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Parallax")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        add(new H1("Parallax"), form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean error = event.getLocation().getQueryParameters().getParameters().containsKey("error");
        if (error && lastFailure() instanceof LockedException locked) {
            LoginI18n i18n = LoginI18n.createDefault();
            i18n.getErrorMessage().setTitle("Sign-in paused");
            i18n.getErrorMessage().setMessage(locked.getMessage() + ".");
            form.setI18n(i18n);
        }
        form.setError(error);
    }

    /** Why the last sign-in in this session failed, as Spring Security's failure handler kept it. */
    private static Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        return session == null ? null : session.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }
}
