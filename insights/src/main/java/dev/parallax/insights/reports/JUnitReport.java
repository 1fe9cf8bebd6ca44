package dev.parallax.insights.reports;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gate's checks as JUnit XML, the report format CI systems (GitLab, Jenkins, GitHub test reporters) read:
 * {@code testsuites/testsuite/testcase}, a {@code failure} with the evidence as its message for a failed check, an
 * {@code error} when the gate could not decide, and the measured numbers of a passed check as its {@code system-out}.
 */
final class JUnitReport {

    enum Outcome { PASSED, FAILED, ERROR }

    record Case(String className, String name, Outcome outcome, String text) {
    }

    private JUnitReport() {
    }

    static void write(Path file, String suite, List<Case> cases) throws IOException {
        long failures = cases.stream().filter(c -> c.outcome() == Outcome.FAILED).count();
        long errors = cases.stream().filter(c -> c.outcome() == Outcome.ERROR).count();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            counts(xml, suite, cases.size(), failures, errors);
            xml.writeStartElement("testsuite");
            counts(xml, suite, cases.size(), failures, errors);
            for (Case c : cases) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", c.className());
                xml.writeAttribute("name", c.name());
                switch (c.outcome()) {
                    case PASSED -> xml.writeStartElement("system-out");
                    case FAILED -> {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", c.text());
                        xml.writeAttribute("type", "breach");
                    }
                    case ERROR -> {
                        xml.writeStartElement("error");
                        xml.writeAttribute("message", c.text());
                    }
                }
                xml.writeCharacters(c.text());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file, e);
        }
    }

    private static void counts(XMLStreamWriter xml, String suite, int tests, long failures, long errors)
            throws XMLStreamException {
        xml.writeAttribute("name", suite);
        xml.writeAttribute("tests", Integer.toString(tests));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", Long.toString(errors));
    }
}
