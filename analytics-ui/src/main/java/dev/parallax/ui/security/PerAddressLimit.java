package dev.parallax.ui.security;

import dev.parallax.limits.AddressTurns;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;

/**
 * At most so many requests handled at once per client address ({@link AddressTurns}), before anything else runs:
 * one address holding requests open (a slow body, a flood) takes only its own turns, so every other address keeps
 * being served, and past the wait it is answered 429. Tomcat offers no limit per address on connections; its own
 * timeouts close connections that send nothing (see {@code ParallaxUi}).
 */
final class PerAddressLimit implements Filter {

    private final AddressTurns turns;

    PerAddressLimit(AddressTurns turns) {
        this.turns = turns;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        InetAddress client = InetAddress.ofLiteral(request.getRemoteAddr());
        boolean served;
        try {
            served = turns.inTurn(client, () -> chain.doFilter(request, response));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while waiting for a turn", e);
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // The chain throws nothing else; the turn only knows it as Exception.
            throw new ServletException(e);
        }
        if (served) return;
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Retry-After", "1");
        http.setHeader("Connection", "close");
        // Written here rather than through sendError, whose error dispatch would go through sign-in again.
        http.setStatus(429);
        http.setContentType("text/plain;charset=UTF-8");
        http.getWriter().write("more than " + turns.max() + " requests at once from " + client.getHostAddress()
                + "; retry after 1 s\n");
    }
}
