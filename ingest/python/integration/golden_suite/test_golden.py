"""A pytest session as a runner writes it: the integration test checks that exactly these events reach ClickHouse."""
import pytest

pytestmark = pytest.mark.parallax(model="mobilenet-v3-small", model_version="1.2", precision="INT8")

GOLDEN = ["img-%03d" % i for i in range(40)]


def fake_model(image_id):
    seed = int(image_id[4:])
    return [seed * 0.01, 1.0, -0.5]


class TestGoldenSet:
    @pytest.mark.parametrize("batch", [0, 1])
    def test_classifies(self, parallax, batch):
        for image in GOLDEN:
            parallax.measure("%s-b%d" % (image, batch), lambda: fake_model(image))


@pytest.mark.parallax(model="yolo-n", precision="FP16", suite="detection")
def test_detects(parallax):
    for image in GOLDEN:
        parallax.record(latency_ms=12.5, input_id=image, temperature_c=58.0)
