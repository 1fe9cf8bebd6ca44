package dev.parallax.ingest.junit;

import dev.parallax.config.ParallaxConfig;
import dev.parallax.schema.TestResult;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 side of {@link RecordInferences}: injects {@link InferenceRecorder}s that share one run and one
 * publisher per test JVM, closed (flushed) when the test plan ends; keeps the outcome, duration and latency
 * percentiles of each of the recorded classes' tests for the run's FINISHED, and puts the run id and a summary in
 * each recorded class's report entries.
 *
 * <p>Configuration ({@link ParallaxConfig}: system property {@code parallax.<key>} or {@code PARALLAX_<KEY>}):
 * {@code kafka.bootstrap} and {@code kafka.client.*}; {@code runner.enabled} (true); {@code runner.fail.on.undelivered}
 * (false); {@code runner.run.id} (default a fresh {@code junit-<uuid>} per build; set it in CI to the pipeline's
 * id); {@code runner.build.id} and {@code runner.run.dir} (which JVMs make one run, see {@link BuildRun});
 * {@code runner.trigger} (PR, NIGHTLY, MANUAL); {@code runner.git.sha}; {@code runner.device.id} (hostname),
 * {@code runner.device.class} ({@code jvm-<arch>}), {@code runner.tier} (CLOUD), {@code runner.runtime} (jvm); and
 * the publisher keys of {@link dev.parallax.ingest.EventPublisher#fromConfig}. The full table is in
 * {@code docs/sdk.md}.
 */
public final class ParallaxExtension implements ParameterResolver, BeforeEachCallback, TestWatcher, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ParallaxExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InferenceRecorder.class;
    }

    @Override
    public InferenceRecorder resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        // On the class, a superclass (inherited), an annotation of its own (meta-annotation), or the class enclosing
        // a @Nested one.
        RecordInferences model = AnnotationSupport.findAnnotation(testClass, RecordInferences.class,
                context.getEnclosingTestClasses()).orElseThrow(() -> new ParameterResolutionException(testClass.getName()
                + " needs @RecordInferences (on it, a superclass, or the class enclosing it) to inject an InferenceRecorder"));
        RunSession session = session(context);
        String suite = model.suite().isEmpty() ? testClass.getSimpleName() : model.suite();
        return new InferenceRecorder(session, model, execution(context), suite);
    }

    /** A test's duration starts before the user's {@code @BeforeEach} methods, as JUnit's own reports time it. */
    @Override
    public void beforeEach(ExtensionContext context) {
        execution(context);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        ended(context, TestResult.PASSED);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ended(context, TestResult.FAILED);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        ended(context, TestResult.ABORTED);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        ended(context, TestResult.SKIPPED);
    }

    private static TestExecution execution(ExtensionContext context) {
        return session(context).execution(context.getUniqueId(), testId(context), context.getDisplayName());
    }

    private static void ended(ExtensionContext context, TestResult result) {
        session(context).ended(context.getUniqueId(), testId(context), context.getDisplayName(), result);
    }

    /** {@code Class#method}: the test_id of the test's inference events and of its outcome. */
    private static String testId(ExtensionContext context) {
        return context.getRequiredTestClass().getName()
                + context.getTestMethod().map(Method::getName).map(m -> "#" + m).orElse("");
    }

    /** The run id and this JVM's tallies so far, as a report entry of every recorded class (IDEs, JUnit's reports). */
    @Override
    public void afterAll(ExtensionContext context) {
        context.publishReportEntry("parallax.run", session(context).summary());
    }

    /** One per test JVM, in the root context: JUnit closes it when the test plan ends. */
    private static RunSession session(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunSession.class, type -> new RunSession(ParallaxConfig.load()), RunSession.class);
    }
}
