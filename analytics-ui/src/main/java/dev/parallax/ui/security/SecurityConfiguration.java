package dev.parallax.ui.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.parallax.config.ParallaxConfig;
import dev.parallax.config.Secrets;
import dev.parallax.insights.access.Roles;
import dev.parallax.limits.AddressTurns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Sign-in for everything but the login view. Accounts come from configuration: {@code ui.admin.user} /
 * {@code ui.admin.password} (the launcher generates the password per installation), and optionally
 * {@code ui.operator.*} and {@code ui.viewer.*}. With no admin password configured, one is generated and kept in
 * {@code $PARALLAX_HOME/ui-admin-password} (0600); there is no built-in default password.
 *
 * <p>Wrong passwords lock a user, or an address, for a while ({@link SignInThrottle}: {@code ui.signin.user.limit}
 * 5, {@code ui.signin.address.limit} 20, {@code ui.signin.lock.seconds} 30 doubling up to 15 min). The login form
 * needs its CSRF token like every other form (Vaadin's own setup exempts the login path). Every response carries a
 * Content-Security-Policy that Vaadin's client can live with, {@code nosniff}, a same-origin Referrer-Policy and a
 * frame ban.
 */
@Configuration
@ConditionalOnWebApplication // not in the headless insights service, which has no web front to sign in to
@EnableWebSecurity
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * Vaadin's client evaluates the server's JavaScript ({@code executeJs}) and inlines its bootstrap state, hence
     * the inline and eval sources for scripts; everything else comes from this origin only, and no other site may
     * frame the UI, receive its forms or set its base URL.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** The files of Vaadin's bundle, its push client and its theme: the same for every user, named by version. */
    static final RequestMatcher BUNDLED_FILES = new OrRequestMatcher(
            Stream.of("/VAADIN/build/**", "/VAADIN/static/**", "/lumo/**")
                    .map(PathPatternRequestMatcher.withDefaults()::matcher).toArray(RequestMatcher[]::new));

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, RequestUtil vaadinRequests, UserDetailsService users,
                                            PasswordEncoder encoder, SignInThrottle throttle) throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        http.authenticationManager(new ProviderManager(new ThrottledSignIn(passwords, throttle)));
        // Only Vaadin's internal requests are exempt from Spring's CSRF check: they carry Vaadin's own token.
        http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest));
        http.headers(headers -> {
            // Written before the request is handled: written at commit, as by default, they were missing from the
            // pages Vaadin serves (the issue saw no nosniff there).
            headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                @Override
                public <O extends HeaderWriterFilter> O postProcess(O filter) {
                    filter.setShouldWriteHeadersEagerly(true);
                    return filter;
                }
            });
            // Pages, Vaadin's answers and downloads are never stored. The bundle's files are left to the cache
            // headers Vaadin gives them: written eagerly beside those, Spring's "Pragma: no-cache" made Chromium ask
            // again for each of a page's dozen unchanged scripts, one after another, on every page load.
            headers.cacheControl(HeadersConfigurer.CacheControlConfig::disable)
                    .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                            new NegatedRequestMatcher(BUNDLED_FILES), new CacheControlHeadersWriter()));
            headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .contentTypeOptions(Customizer.withDefaults())
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                    .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny);
        });
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)
                .enableCsrfConfiguration(false)).build();
    }

    /**
     * First of all filters: {@code ui.max.requests.per.client} (64; a browser opens about six connections) requests
     * at once per address, a further one waiting up to {@code ui.request.wait.seconds} (10) for a turn, then
     * answered 429.
     */
    @Bean
    FilterRegistrationBean<PerAddressLimit> perAddressLimit(ParallaxConfig config) {
        FilterRegistrationBean<PerAddressLimit> registration = new FilterRegistrationBean<>(new PerAddressLimit(
                new AddressTurns(config.getInt("ui.max.requests.per.client", 64),
                        Duration.ofSeconds(config.getInt("ui.request.wait.seconds", 10)))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SignInThrottle signInThrottle(ParallaxConfig config, Clock clock) {
        return new SignInThrottle(clock, config.getInt("ui.signin.user.limit", 5), config.getInt("ui.signin.address.limit", 20),
                Duration.ofSeconds(config.getLong("ui.signin.lock.seconds", 30)), Duration.ofMinutes(15));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(ParallaxConfig config, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        String admin = config.get("ui.admin.user", "admin");
        String password = config.find("ui.admin.password").orElseGet(() -> generatedPassword(config, admin));
        users.add(user(admin, password, encoder, Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER));
        for (String role : List.of(Roles.OPERATOR, Roles.VIEWER)) {
            String prefix = "ui." + role.toLowerCase(java.util.Locale.ROOT);
            config.find(prefix + ".user").ifPresent(name -> users.add(user(name, config.get(prefix + ".password"),
                    encoder, role.equals(Roles.OPERATOR) ? new String[] {Roles.OPERATOR, Roles.VIEWER}
                            : new String[] {Roles.VIEWER})));
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(String name, String password, PasswordEncoder encoder, String... roles) {
        return User.withUsername(name).password(encoder.encode(password)).roles(roles).build();
    }

    /** A password for this run, kept in a file only its owner can read: logs are no place for secrets. */
    private static String generatedPassword(ParallaxConfig config, String admin) {
        String generated = Secrets.random(18);
        Path file = config.home().resolve("ui-admin-password");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, generated + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("no ui.admin.password configured and cannot keep a generated one in " + file, e);
        }
        LOG.warn("No ui.admin.password configured: generated one for this run. Sign in as '{}' with the password in {}",
                admin, file);
        return generated;
    }
}
