package dev.vaultapprole.emulator.acl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.HclNode.Item;
import dev.vaultapprole.emulator.acl.HclNode.ItemList;
import dev.vaultapprole.emulator.acl.HclNode.ListNode;
import dev.vaultapprole.emulator.acl.HclNode.Literal;
import dev.vaultapprole.emulator.acl.HclNode.ObjectNode;

/**
 * The parts of HCL's reflective decoder ({@code hcl.DecodeObject}) that Vault's policy
 * structs exercise: string, string-slice, interface and map-of-slice fields, with Go's
 * error texts. Repeated keys behave as in Go: slices append, strings keep the last value.
 */
final class HclDecoder {

	private HclDecoder() {
	}

	/**
	 * The values of a struct field: the items under the key, as {@code decodeStruct} finds
	 * them (prefix matches first, then exact matches with objects turned into item lists).
	 * @param list the object body
	 * @param field the field name or tag; matched ignoring case
	 * @return the nodes to decode, empty when the key is absent
	 */
	static List<HclNode> fieldNodes(ItemList list, String field) {
		ItemList filtered = list.filter(field);
		List<HclNode> nodes = new ArrayList<>();
		List<Item> children = filtered.items().stream().filter((item) -> !item.keys().isEmpty()).toList();
		if (!children.isEmpty()) {
			nodes.add(new ItemList(children));
		}
		for (Item item : filtered.items()) {
			if (item.keys().isEmpty()) {
				nodes.add((item.value() instanceof ObjectNode object) ? object.list() : item.value());
			}
		}
		return nodes;
	}

	static @Nullable String decodeString(String name, List<HclNode> nodes) {
		String result = null;
		for (HclNode node : nodes) {
			result = decodeString(name, node);
		}
		return result;
	}

	static String decodeString(String name, HclNode node) {
		if (node instanceof Literal literal) {
			switch (literal.token().type()) {
				case NUMBER -> {
					return literal.token().text();
				}
				case STRING, HEREDOC -> {
					return (String) literal.token().value();
				}
				default -> {
				}
			}
		}
		throw HclSyntaxException.at(node.pos(), name + ": unknown type for string " + node.goType());
	}

	static @Nullable List<String> decodeStringSlice(String name, List<HclNode> nodes) {
		List<String> result = null;
		for (HclNode node : nodes) {
			List<HclNode> items = sliceItems(node);
			if (result == null) {
				result = new ArrayList<>();
			}
			for (int i = 0; i < items.size(); i++) {
				result.add(decodeString(name + "[" + i + "]", items.get(i)));
			}
		}
		return result;
	}

	private static List<HclNode> sliceItems(HclNode node) {
		if (node instanceof ItemList list) {
			return new ArrayList<>(list.items());
		}
		if (node instanceof ObjectNode) {
			return List.of(node);
		}
		if (node instanceof ListNode list) {
			return list.items();
		}
		throw HclSyntaxException.at(node.pos(), "unknown slice type: " + node.goType());
	}

	static @Nullable Object decodeInterface(String name, List<HclNode> nodes) {
		Object result = null;
		for (HclNode node : nodes) {
			result = decodeInterface(name, node);
		}
		return result;
	}

	static Object decodeInterface(String name, HclNode node) {
		if (node instanceof Literal literal) {
			HclToken token = literal.token();
			return switch (token.type()) {
				case BOOL, FLOAT, NUMBER, STRING, HEREDOC -> token.value();
				default -> throw HclSyntaxException.at(node.pos(),
						name + ": cannot decode into interface: " + node.goType());
			};
		}
		if (node instanceof ListNode list) {
			List<Object> values = new ArrayList<>();
			for (int i = 0; i < list.items().size(); i++) {
				values.add(decodeInterface(name + "[" + i + "]", list.items().get(i)));
			}
			return values;
		}
		if (node instanceof Item item) {
			return decodeInterface(name, item.value());
		}
		ItemList items = (node instanceof ObjectNode object) ? object.list() : (ItemList) node;
		Map<String, Object> map = new LinkedHashMap<>();
		for (Item item : items.items()) {
			if (!item.keys().isEmpty()) {
				String key = String.valueOf(item.keys().get(0).value());
				map.put(key, decodeInterface(name + "." + key, item.value()));
			}
		}
		return map;
	}

	/**
	 * Decodes a {@code map[string][]interface{}} field such as {@code allowed_parameters}.
	 * @param name the Go field path for errors
	 * @param nodes the field nodes
	 * @return the map in key order, or {@code null} when the key is absent
	 */
	static @Nullable Map<String, List<Object>> decodeParameterMap(String name, List<HclNode> nodes) {
		Map<String, List<Object>> result = null;
		for (HclNode node : nodes) {
			HclNode target = (node instanceof Item item) ? new ItemList(List.of(item)) : node;
			if (target instanceof ObjectNode object) {
				target = object.list();
			}
			if (!(target instanceof ItemList list)) {
				throw HclSyntaxException.at(node.pos(), name + ": not an object type for map (" + node.goType() + ")");
			}
			if (result == null) {
				result = new LinkedHashMap<>();
			}
			List<String> done = new ArrayList<>();
			for (Item item : list.items()) {
				if (item.keys().isEmpty()) {
					throw HclSyntaxException.at(list.pos(), name + ": map must have string keys");
				}
				String key = String.valueOf(item.keys().get(0).value());
				if (done.contains(key)) {
					continue;
				}
				List<HclNode> values = List.of(item.value());
				if (item.keys().size() > 1) {
					values = List.of(list.filter(key));
					done.add(key);
				}
				List<Object> existing = result.computeIfAbsent(key, (k) -> new ArrayList<>());
				for (HclNode value : values) {
					List<HclNode> elements = sliceItems(value);
					for (int i = 0; i < elements.size(); i++) {
						existing.add(decodeInterface(name + "." + key + "[" + i + "]", elements.get(i)));
					}
				}
			}
		}
		return result;
	}

}
