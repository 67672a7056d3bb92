package io.hapair.node.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON text of a document: fields sorted by name at every level, absent fields left out,
 * defaults written out. Equal documents give equal text, so the store can compare, hash and sign it
 * without caring in which order a client or a Java version listed the fields.
 */
public final class CanonicalJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            // Two values for one field would make the document mean whichever one a parser keeps.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Reads text this class wrote (a stored document), without the duplicate-field check: canonical text has no
     * duplicates, and the check's set of names per object was a fifth of binding a stored virtual service (1.2 of
     * 5.0 KB with C1), which a full resync does for each of thousands of received documents (the data plane's copy).
     */
    static final ObjectMapper STORED = MAPPER.copy().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private CanonicalJson() {
    }

    /** The canonical text of a settings document (one of the records of {@link SettingsType}). */
    public static String of(Record document) {
        try {
            // Through the tree, because only a tree's fields are sorted; a record's are in declaration order.
            return MAPPER.writeValueAsString(MAPPER.valueToTree(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a settings record did not serialise: " + document, e);
        }
    }
}
