package dev.writeback.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code DOMO.parseXML}: {@code <a x="1"><b>t</b><b>u</b></a>} → {@code {"a":{"x":"1","b":["t","u"]}}}.
 * Repeated child elements become arrays; attributes become properties; text of an element that also has attributes
 * or children is under {@code "content"}; a text-only element is its string; an empty element is {@code ""}.
 * Values stay strings. DOCTYPEs and external entities are refused.
 */
final class XmlToJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static JsonNode parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        Element root = b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        ObjectNode out = F.objectNode();
        out.set(root.getTagName(), convert(root));
        return out;
    }

    private static JsonNode convert(Element e) {
        ObjectNode obj = F.objectNode();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            obj.put(a.getNodeName(), a.getNodeValue());
        }
        StringBuilder text = new StringBuilder();
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node c = children.item(i);
            if (c instanceof Element child) {
                JsonNode value = convert(child);
                JsonNode existing = obj.get(child.getTagName());
                if (existing == null) {
                    obj.set(child.getTagName(), value);
                } else if (existing instanceof ArrayNode arr) {
                    arr.add(value); // convert() never returns an array, so an array here is a repetition we made
                } else {
                    obj.set(child.getTagName(), F.arrayNode().add(existing).add(value));
                }
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
            }
        }
        String t = text.toString().trim();
        if (obj.isEmpty()) {
            return F.textNode(t);
        }
        if (!t.isEmpty()) {
            obj.put("content", t);
        }
        return obj;
    }

    private XmlToJson() {
    }
}
