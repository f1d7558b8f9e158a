package dev.vaultapprole.emulator.acl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.HclNode.Item;
import dev.vaultapprole.emulator.acl.HclNode.ItemList;
import dev.vaultapprole.emulator.acl.HclNode.ListNode;
import dev.vaultapprole.emulator.acl.HclNode.Literal;
import dev.vaultapprole.emulator.acl.HclNode.ObjectNode;
import dev.vaultapprole.emulator.acl.HclToken.Type;

/**
 * The JSON parser of HCL v1. Like Vault's, it is lenient in odd places (it does not check
 * closing braces, it ignores booleans in lists) and it flattens nested objects into
 * multi-key items, so <code>{"path":{"a/*":{...}}}</code> reads like {@code path "a/*" {...}}.
 */
final class HclJsonParser {

	private final HclJsonScanner scanner;

	private HclToken tok = new HclToken(Type.ILLEGAL, 0, 0, "", true);

	private HclJsonParser(String source) {
		this.scanner = new HclJsonScanner(source);
	}

	static ItemList parse(String source) {
		HclJsonParser parser = new HclJsonParser(source);
		@Nullable ItemList root = null;
		@Nullable HclSyntaxException failure = null;
		try {
			root = parser.object().list();
		}
		catch (HclSyntaxException ex) {
			failure = ex;
		}
		catch (HclParser.EndOfInput ex) {
			failure = new HclSyntaxException(ex.getMessage());
		}
		String scanError = parser.scanner.error();
		if (scanError != null) {
			throw new HclSyntaxException(scanError);
		}
		if (failure != null || root == null) {
			throw (failure != null) ? failure : new HclSyntaxException("EOF token found");
		}
		return flatten(root);
	}

	private List<Item> objectList() {
		List<Item> items = new ArrayList<>();
		while (true) {
			Item item;
			try {
				item = objectItem();
			}
			catch (HclParser.EndOfInput ex) {
				break;
			}
			catch (HclSyntaxException ex) {
				throw new PartialList(items, ex);
			}
			items.add(item);
			if (scan().type() != Type.COMMA) {
				break;
			}
		}
		return items;
	}

	private Item objectItem() {
		List<HclToken> keys = objectKey();
		int assignLine = this.tok.line();
		return new Item(keys, assignLine, objectValue());
	}

	private List<HclToken> objectKey() {
		List<HclToken> keys = new ArrayList<>();
		while (true) {
			HclToken token = scan();
			switch (token.type()) {
				case EOF -> throw HclParser.EndOfInput.INSTANCE;
				case STRING -> keys.add(withoutPosition(token));
				case COLON -> {
					if (keys.isEmpty()) {
						throw new HclSyntaxException("expected: STRING got: COLON");
					}
					return List.copyOf(keys);
				}
				case ILLEGAL -> throw new HclSyntaxException("illegal");
				default -> throw new HclSyntaxException("expected: STRING got: " + token.type());
			}
		}
	}

	private HclNode objectValue() {
		HclToken token = scan();
		return switch (token.type()) {
			case NUMBER, FLOAT, BOOL, NULL, STRING -> literal(token);
			case LBRACE -> objectType();
			case LBRACK -> listType();
			case EOF -> throw HclParser.EndOfInput.INSTANCE;
			default -> throw new HclSyntaxException("Expected object value, got unknown token: " + token.describe());
		};
	}

	private ObjectNode object() {
		HclToken token = scan();
		return switch (token.type()) {
			case LBRACE -> objectType();
			case EOF -> throw HclParser.EndOfInput.INSTANCE;
			default -> throw new HclSyntaxException("Expected object, got unknown token: " + token.describe());
		};
	}

	private ObjectNode objectType() {
		List<Item> items;
		try {
			items = objectList();
		}
		catch (PartialList ex) {
			if (this.tok.type() != Type.RBRACE) {
				throw ex.failure;
			}
			items = ex.items;
		}
		return new ObjectNode(new ItemList(List.copyOf(items)), 0, 0);
	}

	private ListNode listType() {
		List<HclNode> items = new ArrayList<>();
		while (true) {
			HclToken token = scan();
			switch (token.type()) {
				case NUMBER, FLOAT, STRING -> items.add(literal(token));
				case COMMA, BOOL, LBRACK -> {
					// Vault's JSON parser skips booleans and nested lists in lists.
				}
				case LBRACE -> items.add(objectType());
				case RBRACK -> {
					return new ListNode(List.copyOf(items), 0, 0);
				}
				default -> throw new HclSyntaxException("unexpected token while parsing list: " + token.type());
			}
		}
	}

	private static Literal literal(HclToken token) {
		if (token.type() == Type.NULL) {
			return new Literal(new HclToken(Type.STRING, 0, 0, "", false));
		}
		return new Literal(withoutPosition(token));
	}

	private static HclToken withoutPosition(HclToken token) {
		return new HclToken(token.type(), 0, 0, token.text(), token.type() == Type.STRING);
	}

	private HclToken scan() {
		this.tok = this.scanner.scan();
		return this.tok;
	}

	static ItemList flatten(ItemList list) {
		List<Item> items = new ArrayList<>();
		Deque<Item> frontier = new ArrayDeque<>(list.items());
		while (!frontier.isEmpty()) {
			Item item = frontier.removeLast();
			List<Item> expanded = expand(item);
			if (expanded == null) {
				items.add(item);
			}
			else {
				expanded.forEach(frontier::addLast);
			}
		}
		Collections.reverse(items);
		List<Item> walked = new ArrayList<>(items.size());
		for (Item item : items) {
			walked.add(new Item(item.keys(), item.assignLine(), walk(item.value())));
		}
		return new ItemList(List.copyOf(walked));
	}

	private static HclNode walk(HclNode node) {
		if (node instanceof ObjectNode object) {
			return new ObjectNode(flatten(object.list()), object.line(), object.column());
		}
		if (node instanceof ListNode list) {
			return new ListNode(list.items().stream().map(HclJsonParser::walk).toList(), list.line(), list.column());
		}
		return node;
	}

	private static @Nullable List<Item> expand(Item item) {
		if (item.value() instanceof ObjectNode object) {
			List<Item> subItems = object.list().items();
			if (subItems.isEmpty() || !subItems.stream().allMatch((sub) -> sub.value() instanceof ObjectNode)) {
				return null;
			}
			List<Item> result = new ArrayList<>();
			for (Item sub : subItems) {
				List<HclToken> keys = new ArrayList<>(item.keys());
				keys.addAll(sub.keys());
				result.add(new Item(List.copyOf(keys), item.assignLine(), sub.value()));
			}
			return result;
		}
		if (item.value() instanceof ListNode list) {
			if (list.items().isEmpty() || !list.items().stream().allMatch(ObjectNode.class::isInstance)) {
				return null;
			}
			return list.items().stream().map((element) -> new Item(item.keys(), item.assignLine(), element)).toList();
		}
		return null;
	}

	/**
	 * The items parsed before an error, which an enclosing object keeps when the error
	 * happened on its closing brace (that is how Go parses <code>{}</code>).
	 */
	private static final class PartialList extends RuntimeException {

		private final List<Item> items;

		private final HclSyntaxException failure;

		PartialList(List<Item> items, HclSyntaxException failure) {
			super(null, null, false, false);
			this.items = items;
			this.failure = failure;
		}

	}

}
