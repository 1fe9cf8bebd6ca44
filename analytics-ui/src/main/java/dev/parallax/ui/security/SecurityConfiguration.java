package dev.parallax.ui.security;

import dev.parallax.config.Secrets;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.parallax.config.ParallaxConfig;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Sign-in for everything but the login view. Accounts come from configuration: {@code ui.admin.user} /
 * {@code ui.admin.password} (the launcher generates the password per installation), and optionally
 * {@code ui.operator.*} and {@code ui.viewer.*}. With no admin password configured, one is generated and printed
 * once; there is no built-in default password.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(ParallaxConfig config, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        String admin = config.get("ui.admin.user", "admin");
        String password = config.find("ui.admin.password").orElseGet(() -> {
            String generated = generatePassword();
            LOG.warn("No ui.admin.password configured: generated one for this run. Sign in as '{}' with password {}",
                    admin, generated);
            return generated;
        });
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

    private static String generatePassword() {
        return Secrets.random(18);
    }
}
