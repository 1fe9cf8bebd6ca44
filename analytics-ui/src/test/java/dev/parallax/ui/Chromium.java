package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import dev.parallax.insights.ScratchDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's, driven offline by Playwright) at 1400×900 with a fresh profile, one page, and the
 * folder screenshots go to ({@code parallax.test.screenshots}, else {@code target/screenshots}).
 */
final class Chromium implements AutoCloseable {

    private final ScratchDirectory profile = ScratchDirectory.create("chromium-profile");
    private final Playwright playwright;
    private final BrowserContext context;
    private final Page page;
    private final Path screenshots;

    Chromium() throws IOException {
        screenshots = Path.of(System.getProperty("parallax.test.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        context = playwright.chromium().launchPersistentContext(profile.path(),
                new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(Path.of(System.getProperty("parallax.test.chromium", "/usr/bin/chromium")))
                        .setHeadless(true)
                        .setViewportSize(1400, 900)
                        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                "--no-first-run")));
        page = context.pages().isEmpty() ? context.newPage() : context.pages().getFirst();
        page.setDefaultTimeout(30_000);
    }

    Page page() {
        return page;
    }

    Path screenshots() {
        return screenshots;
    }

    /**
     * Forgets the signed-in session before another sign-in. The page is left first, so that its last requests
     * (Vaadin's beacon as a view unloads) still carry the old cookie. Cleared first, a beacon could open a new session
     * whose cookie replaced the login page's, and the sign-in would then post the CSRF token of another session and
     * stay on /login: the likeliest cause of a phone-step sign-in that stayed there with the fields filled and posted.
     */
    void forgetSession() {
        page.navigate("about:blank");
        context.clearCookies();
    }

    /** Signs in on the UI at {@code url} through its login form and waits to leave the login page. */
    void signIn(String url, String user, String password) {
        page.navigate(url + "/login");
        // Filled before Vaadin's form has upgraded (a loaded machine), a field may lose its value and the form
        // post an empty user: wait for the component first.
        page.waitForFunction("() => customElements.get('vaadin-login-form') !== undefined"
                + " && document.querySelector('vaadin-login-form')?.shadowRoot != null");
        // And until Flow has applied the view's first answer, which would draw the form again, empty.
        page.waitForFunction("() => Object.values(window.Vaadin?.Flow?.clients ?? {})"
                + ".every(c => typeof c.isActive !== 'function' || !c.isActive())");
        Locator userField = page.locator("input[name=username]");
        userField.fill(user);
        page.locator("input[name=password]").fill(password);
        assertEquals(user, userField.inputValue(), "the user name is in its field when the form is posted");
        page.locator("vaadin-button[slot=submit], button[type=submit]").first().click();
        // Leaving the login page waits for the overview's load. When it does not come, say where the page is and
        // what it shows, with a screenshot: a hang here was seen in full runs only.
        try {
            page.waitForURL(u -> !u.contains("/login"), new Page.WaitForURLOptions().setTimeout(60_000));
        } catch (PlaywrightException e) {
            page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve("sign-in-hung.png")));
            throw new AssertionError("sign-in did not leave the login page: at " + page.url() + ", showing: "
                    + page.locator("body").innerText(), e);
        }
    }

    /** The rows of the CSV that a table's export link ({@code #<table>-csv}) downloads, saved beside the screenshots. */
    List<List<String>> downloadCsv(String table) throws IOException {
        Download download = page.waitForDownload(() -> page.locator("#" + table + "-csv").click());
        assertEquals(table + ".csv", download.suggestedFilename());
        Path file = screenshots.resolve(download.suggestedFilename());
        download.saveAs(file);
        List<List<String>> rows = new ArrayList<>();
        Pattern cell = Pattern.compile("\"((?:[^\"]|\"\")*)\"|([^,]*)");
        for (String line : Files.readString(file).split("\r\n")) {
            List<String> cells = new ArrayList<>();
            Matcher m = cell.matcher(line);
            for (int at = 0; at <= line.length() && m.find(at); at = m.end() + 1) {
                cells.add(m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** A screenshot of the whole page as {@code name}.png. */
    void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        try {
            context.close();
            playwright.close();
        } finally {
            profile.close();
        }
    }
}
