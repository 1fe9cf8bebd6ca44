package dev.parallax.pyrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python package's own unit tests (pytest, against a stand-in collector), as part of the build. */
class PytestUnitTest {

    @Test
    void theUnitTestsPass() {
        Python.Result result = Python.run(Map.of("PYTHONPATH", "src"), 300,
                "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests");
        assertEquals(0, result.exitCode(), result.output());
    }
}
