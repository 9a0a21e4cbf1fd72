package dev.modelyard.core.modelpackage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Validates a PMML document and reads its signature from the DataDictionary, the model's MiningSchema and its Output
 * element. The XML is streamed with DTDs and external entities disabled, and a document with a DOCTYPE is refused
 * outright (no XXE, no entity expansion).
 */
final class PmmlModelReader {

    private static final Set<String> NON_MODEL_ELEMENTS =
            Set.of("Header", "MiningBuildTask", "DataDictionary", "TransformationDictionary", "Extension");
    private static final Set<String> NUMERIC_TYPES = Set.of("integer", "float", "double");
    private static final int DECLARATION_LOOKAHEAD_BYTES = 512;
    private static final Pattern ENCODING_DECLARATION = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final int ROOT_DEPTH = 1;
    private static final int SECTION_DEPTH = 2;
    private static final int ITEM_DEPTH = 3;
    private static final int MODEL_ITEM_DEPTH = 4;

    private record DataField(String name, String datatype) {}

    private record MiningField(String name, String usageType) {}

    private record OutputField(String name, String datatype, String feature) {}

    private final XMLInputFactory factory;

    PmmlModelReader() {
        factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLReporter((message, errorType, relatedInformation, location) -> {
            // problems are reported through the exceptions, not printed
        });
    }

    ModelDescription read(InputStream rawInput) throws IOException {
        BufferedInputStream input = new BufferedInputStream(rawInput, 64 * 1024);
        Charset charset = detectCharset(input);
        Reader text = new InputStreamReader(
                input,
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(text);
            try {
                return readDocument(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException notXml) {
            for (Throwable cause = notXml; cause != null; cause = cause.getCause()) {
                if (cause instanceof CharacterCodingException) {
                    throw ModelDescription.invalidModel(
                            "not a valid PMML document: it is not " + charset.name()
                                    + " text; save it as UTF-8 (or declare its encoding in <?xml ... ?>)",
                            notXml);
                }
            }
            String reason = notXml.getMessage() == null ? "" : notXml.getMessage();
            int messageStart = reason.indexOf("Message: ");
            if (messageStart >= 0) {
                reason = reason.substring(messageStart + "Message: ".length());
            }
            throw ModelDescription.invalidModel(
                    "not a valid PMML document: the XML cannot be read (" + reason.strip() + ")", notXml);
        }
    }

    /**
     * The document's encoding from its byte order mark or its XML declaration, UTF-8 by default; the stream is left
     * after any byte order mark. (The JDK's parser prints encoding errors of byte streams to stderr, so Modelyard
     * decodes the text itself.)
     */
    private static Charset detectCharset(BufferedInputStream input) throws IOException {
        input.mark(DECLARATION_LOOKAHEAD_BYTES);
        byte[] head = input.readNBytes(DECLARATION_LOOKAHEAD_BYTES);
        input.reset();
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            input.skipNBytes(3);
            return StandardCharsets.UTF_8;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            input.skipNBytes(2);
            return StandardCharsets.UTF_16BE;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            input.skipNBytes(2);
            return StandardCharsets.UTF_16LE;
        }
        String start = new String(head, StandardCharsets.ISO_8859_1);
        Matcher declaration = ENCODING_DECLARATION.matcher(start);
        if (start.startsWith("<?xml") && declaration.find() && declaration.start() < start.indexOf("?>")) {
            String encoding = declaration.group(1);
            try {
                return Charset.forName(encoding);
            } catch (IllegalArgumentException unknown) {
                throw ModelDescription.invalidModel("not a usable PMML document: its XML declaration names the"
                        + " unknown encoding '" + encoding + "'; save it as UTF-8");
            }
        }
        return StandardCharsets.UTF_8;
    }

    private ModelDescription readDocument(XMLStreamReader reader) throws XMLStreamException {
        Map<String, DataField> dataFields = new LinkedHashMap<>();
        List<MiningField> miningFields = new ArrayList<>();
        List<OutputField> outputFields = new ArrayList<>();
        Map<String, String> properties = new HashMap<>();
        String modelElement = null;
        boolean inModel = false;
        String section = null;
        String modelSection = null;
        int depth = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD ->
                    throw ModelDescription.invalidModel(
                            "the PMML document has a DOCTYPE declaration, which Modelyard refuses for security"
                                    + " (external entities); remove the <!DOCTYPE ...> line");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                    throw ModelDescription.invalidModel(
                            "the PMML document uses the undeclared entity &" + reader.getLocalName() + "; remove it");
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String name = reader.getLocalName();
                    if (depth == ROOT_DEPTH) {
                        if (!name.equals("PMML")) {
                            throw ModelDescription.invalidModel("not a PMML document: the root element is <" + name
                                    + ">, expected <PMML>; export the model with a PMML converter such as"
                                    + " sklearn2pmml");
                        }
                        putIfPresent(properties, "pmml_version", attribute(reader, "version"));
                    } else if (depth == SECTION_DEPTH) {
                        section = name;
                        inModel = false;
                        if (!NON_MODEL_ELEMENTS.contains(name) && modelElement == null) {
                            modelElement = name;
                            inModel = true;
                            properties.put("model_type", name);
                            putIfPresent(properties, "function_name", attribute(reader, "functionName"));
                            putIfPresent(properties, "model_name", attribute(reader, "modelName"));
                        }
                    } else if (depth == ITEM_DEPTH) {
                        modelSection = name;
                        if ("DataDictionary".equals(section) && name.equals("DataField")) {
                            DataField field = dataField(reader);
                            dataFields.put(field.name(), field);
                        } else if ("Header".equals(section) && name.equals("Application")) {
                            putIfPresent(properties, "application_name", attribute(reader, "name"));
                            putIfPresent(properties, "application_version", attribute(reader, "version"));
                        }
                    } else if (depth == MODEL_ITEM_DEPTH && inModel) {
                        if ("MiningSchema".equals(modelSection) && name.equals("MiningField")) {
                            miningFields.add(new MiningField(
                                    requiredAttribute(reader, "name", "MiningField"),
                                    attributeOr(reader, "usageType", "active")));
                        } else if ("Output".equals(modelSection) && name.equals("OutputField")) {
                            outputFields.add(new OutputField(
                                    requiredAttribute(reader, "name", "OutputField"),
                                    attribute(reader, "dataType"),
                                    attributeOr(reader, "feature", "predictedValue")));
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                default -> {}
            }
        }
        if (depth != 0) {
            throw ModelDescription.invalidModel("not a valid PMML document: it ends before its root element closes");
        }
        if (modelElement == null) {
            throw ModelDescription.invalidModel(
                    "not a usable PMML document: it contains no model element (such as <TreeModel> or"
                            + " <RegressionModel>) after the DataDictionary");
        }
        return describe(dataFields, miningFields, outputFields, properties);
    }

    private static ModelDescription describe(
            Map<String, DataField> dataFields,
            List<MiningField> miningFields,
            List<OutputField> outputFields,
            Map<String, String> properties) {
        if (miningFields.isEmpty()) {
            throw ModelDescription.invalidModel(
                    "not a usable PMML document: the model has no MiningSchema with MiningField elements");
        }
        List<TensorSpec> inputs = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        List<TensorSpec> targets = new ArrayList<>();
        for (MiningField miningField : miningFields) {
            DataField dataField = dataFields.get(miningField.name());
            String usage = miningField.usageType();
            boolean active = usage.equals("active");
            boolean target = usage.equals("target") || usage.equals("predicted");
            if (!active && !target) {
                continue;
            }
            if (dataField == null) {
                throw ModelDescription.invalidModel("not a consistent PMML document: the MiningField '"
                        + miningField.name() + "' is not declared in the DataDictionary");
            }
            TensorSpec tensor =
                    new TensorSpec(dataField.name(), dataField.datatype(), List.of(TensorSpec.VARIABLE_DIMENSION));
            if (active) {
                inputs.add(tensor);
                featureNames.add(dataField.name());
            } else {
                targets.add(tensor);
            }
        }
        List<TensorSpec> outputs = new ArrayList<>();
        if (outputFields.isEmpty()) {
            outputs.addAll(targets);
        } else {
            for (OutputField outputField : outputFields) {
                String datatype = outputField.datatype() != null
                        ? tensorDatatype(outputField.datatype())
                        : outputField.feature().equals("predictedValue") && !targets.isEmpty()
                                ? targets.get(0).datatype()
                                : outputField.feature().equals("predictedValue") ? "BYTES" : "FP64";
                outputs.add(new TensorSpec(outputField.name(), datatype, List.of(TensorSpec.VARIABLE_DIMENSION)));
            }
        }
        if (outputs.isEmpty()) {
            throw ModelDescription.invalidModel("not a usable PMML document: the model declares neither a target"
                    + " MiningField nor an Output element, so its outputs are unknown; add an <Output> element");
        }
        requireUniqueNames(inputs, "input");
        requireUniqueNames(outputs, "output");
        return new ModelDescription(new Signature(inputs, outputs, featureNames), properties, List.of());
    }

    private static void requireUniqueNames(List<TensorSpec> tensors, String role) {
        Set<String> names = new HashSet<>();
        for (TensorSpec tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw ModelDescription.invalidModel(
                        "not a consistent PMML document: the " + role + " field '" + tensor.name() + "' appears twice");
            }
        }
    }

    private static DataField dataField(XMLStreamReader reader) {
        String name = requiredAttribute(reader, "name", "DataField");
        String dataType = attribute(reader, "dataType");
        String opType = attributeOr(reader, "optype", "continuous");
        String datatype;
        if (dataType == null) {
            datatype = opType.equals("continuous") ? "FP64" : "BYTES";
        } else {
            datatype = tensorDatatype(dataType);
        }
        return new DataField(name, datatype);
    }

    /** PMML numbers become FP64, booleans BOOL, and strings, dates and times BYTES. */
    private static String tensorDatatype(String pmmlDataType) {
        String lowerCase = pmmlDataType.strip().toLowerCase(Locale.ROOT);
        if (NUMERIC_TYPES.contains(lowerCase)) {
            return "FP64";
        }
        if (lowerCase.equals("boolean")) {
            return "BOOL";
        }
        return "BYTES";
    }

    private static String attribute(XMLStreamReader reader, String name) {
        String value = reader.getAttributeValue(null, name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String attributeOr(XMLStreamReader reader, String name, String defaultValue) {
        String value = attribute(reader, name);
        return value == null ? defaultValue : value;
    }

    private static String requiredAttribute(XMLStreamReader reader, String name, String element) {
        String value = attribute(reader, name);
        if (value == null) {
            throw ModelDescription.invalidModel("not a valid PMML document: a <" + element + "> element at line "
                    + reader.getLocation().getLineNumber() + " has no " + name + " attribute");
        }
        return value;
    }

    private static void putIfPresent(Map<String, String> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
