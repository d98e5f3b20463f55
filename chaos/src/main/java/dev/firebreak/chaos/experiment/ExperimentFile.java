package dev.firebreak.chaos.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Reads experiment files strictly: an unknown key or a bad value is refused with the file and line that hold it. */
public final class ExperimentFile {

    /** A file that is not a valid experiment; the message names the file and line. */
    public static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ExperimentFile() {
    }

    public static Experiment read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file)).named(name(file));
        } catch (IOException e) {
            throw new Invalid(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Parses {@code yaml}; {@code source} names it in errors. */
    public static Experiment parse(String source, String yaml) {
        try {
            // Jackson meets an unknown key of a creator only after building the object; look for them first.
            try (JsonParser p = YAML.createParser(yaml)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    knownKeys(source, p, Experiment.class);
                }
            }
            Experiment e = YAML.readValue(yaml, Experiment.class);
            if (e == null) {
                throw new Invalid(source + ": empty");
            }
            return e;
        } catch (JsonMappingException e) {
            throw new Invalid(at(source, e.getLocation()) + cause(e));
        } catch (JsonProcessingException e) {
            throw new Invalid(at(source, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(source + ": " + e.getMessage());
        }
    }

    /**
     * Walks the object the parser is at and refuses the first key {@code type}'s {@code @JsonCreator}
     * does not take, then descends into values that are experiment types themselves (or lists or
     * maps of them).
     */
    private static void knownKeys(String source, JsonParser p, Class<?> type) throws IOException {
        Map<String, Type> keys = creatorKeys(type);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Type value = keys.get(key);
            if (value == null) {
                throw new Invalid(at(source, p.currentTokenLocation()) + "unknown key '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(keys.keySet())) + ")");
            }
            JsonToken t = p.nextToken();
            if (value instanceof Class<?> c && t == JsonToken.START_OBJECT && !creatorKeys(c).isEmpty()) {
                knownKeys(source, p, c);
            } else if (value instanceof ParameterizedType pt && t == JsonToken.START_ARRAY
                    && pt.getActualTypeArguments()[0] instanceof Class<?> element && !creatorKeys(element).isEmpty()) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    knownKeys(source, p, element);
                }
            } else if (value instanceof ParameterizedType pt && t == JsonToken.START_OBJECT && pt.getActualTypeArguments().length == 2
                    && pt.getActualTypeArguments()[1] instanceof Class<?> element && !creatorKeys(element).isEmpty()) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if (p.nextToken() == JsonToken.START_OBJECT) {
                        knownKeys(source, p, element);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /** The keys (and their types) {@code type}'s {@code @JsonCreator} takes; none for types without one. */
    private static Map<String, Type> creatorKeys(Class<?> type) {
        Map<String, Type> keys = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            if (m.isAnnotationPresent(JsonCreator.class) && m.getParameterCount() > 0) {
                for (int i = 0; i < m.getParameterCount(); i++) {
                    JsonProperty name = m.getParameters()[i].getAnnotation(JsonProperty.class);
                    if (name != null) {
                        keys.put(name.value(), m.getGenericParameterTypes()[i]);
                    }
                }
            }
        }
        return keys;
    }

    /** Every experiment in {@code dir} ({@code *.yaml}), by name. */
    public static List<Experiment> all(Path dir) {
        List<Experiment> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                all.add(read(f));
            }
        } catch (IOException e) {
            throw new Invalid(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
        return all;
    }

    public static String name(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".yaml") ? n.substring(0, n.length() - 5) : n;
    }

    private static String at(String source, JsonLocation location) {
        return source + (location == null || location.getLineNr() < 0 ? ": " : " line " + location.getLineNr() + ": ");
    }

    /** The first message that says what is wrong, without Jackson's class names. */
    private static String cause(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof IllegalArgumentException && t.getMessage() != null) {
            return t.getMessage();
        }
        String m = e.getOriginalMessage();
        if (m.startsWith("Missing required creator property")) {
            return "missing key " + m.substring(m.indexOf('\'') , m.indexOf('\'', m.indexOf('\'') + 1) + 1);
        }
        return m.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.([A-Za-z]+)`", "$1");
    }
}
