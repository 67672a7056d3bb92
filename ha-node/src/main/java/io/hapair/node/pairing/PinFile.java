package io.hapair.node.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapair.node.files.DurableFile;
import io.hapair.node.pairing.model.Fingerprint;
import io.hapair.node.pairing.model.PartnerPin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The partner's pin in the data directory ({@value #NAME}), so that a restart keeps trusting only it. */
final class PinFile {

    static final String NAME = "partner-pin.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    PinFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /** The kept pin, null when there is none yet; a damaged file stops the start with what to do. */
    PartnerPin read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            Fingerprint current = Fingerprint.parse(json.path("current").asText()).orElseThrow();
            Fingerprint next = json.path("next").isTextual()
                    ? Fingerprint.parse(json.path("next").asText()).orElseThrow() : null;
            return new PartnerPin(current, next,
                    PartnerPin.Source.valueOf(json.path("source").asText().toUpperCase(Locale.ROOT).replace('-', '_')),
                    json.path("pinnedAt").asLong(), json.path("mutual").asBoolean());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the partner's pinned certificate in " + file + " cannot be read ("
                    + e.getMessage() + "); delete the file to pin the partner again on its next contact, then verify"
                    + " the fingerprint shown", e);
        }
    }

    /** Owner-only, written whole and moved into place, so a crash leaves the old pin or the new one. */
    void write(PartnerPin pin) {
        ObjectNode json = JSON.createObjectNode().put("current", pin.current().toString())
                .put("source", pin.source().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("pinnedAt", pin.pinnedAt()).put("mutual", pin.mutual());
        if (pin.next() != null) {
            json.put("next", pin.next().toString());
        }
        try {
            DurableFile.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the partner's pin in " + file, e);
        }
    }
}
