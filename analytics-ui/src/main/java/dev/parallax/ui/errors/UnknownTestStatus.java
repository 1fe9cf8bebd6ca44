package dev.parallax.ui.errors;

import dev.parallax.insights.latency.LatencyService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The page of an unknown test answers 404, not 200: Vaadin serves every route's first load as the same 200 page and
 * shows {@link NotFoundView} only once the browser has started, which a link checker or monitor never sees. Runs
 * after Spring Security (its default order), so that only a signed-in user learns whether a test exists.
 */
@Component
class UnknownTestStatus extends OncePerRequestFilter {

    private static final Pattern TEST_PAGE = Pattern.compile("/tests/([^/]+)");

    private final LatencyService latency;

    UnknownTestStatus(LatencyService latency) {
        this.latency = latency;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The page's own load only: Vaadin's requests after it carry v-r (init, uidl, heartbeat, push).
        return !"GET".equals(request.getMethod()) || request.getParameter("v-r") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher page = TEST_PAGE.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!page.matches() || latency.known(URLDecoder.decode(page.group(1), StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                super.setStatus(status == SC_OK ? SC_NOT_FOUND : status);
            }
        });
    }
}
