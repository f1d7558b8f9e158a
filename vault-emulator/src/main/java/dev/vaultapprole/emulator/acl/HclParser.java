package dev.vaultapprole.emulator.acl;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.vaultapprole.emulator.acl.HclNode.Item;
import dev.vaultapprole.emulator.acl.HclNode.ItemList;
import dev.vaultapprole.emulator.acl.HclNode.ListNode;
import dev.vaultapprole.emulator.acl.HclNode.Literal;
import dev.vaultapprole.emulator.acl.HclNode.ObjectNode;
import dev.vaultapprole.emulator.acl.HclToken.Type;

/**
 * The HCL v1 parser that Vault uses for policies, ported closely enough that the same input
 * fails with the same message (including its quirks, such as a truncated {@code key =}
 * being silently dropped at the end of a file).
 */
final class HclParser {

	private final HclScanner scanner;

	private HclToken tok = new HclToken(Type.ILLEGAL, 0, 0, "", false);

	private boolean buffered;

	private HclParser(String source) {
		this.scanner = new HclScanner(source);
	}

	/**
	 * Parses HCL text, or JSON text when it starts with <code>{</code>, as {@code hcl.Parse}.
	 * @param source the policy text
	 * @return the top-level items
	 * @throws HclSyntaxException with Go's message when the text does not parse
	 */
	static ItemList parse(String source) {
		if (source.strip().startsWith("{")) {
			return HclJsonParser.parse(source);
		}
		HclParser parser = new HclParser(source.replace("\r\n", "\n"));
		List<Item> items = new ArrayList<>();
		@Nullable HclSyntaxException failure = null;
		try {
			parser.objectList(false, items);
		}
		catch (HclSyntaxException ex) {
			failure = ex;
		}
		String scanError = parser.scanner.error();
		if (scanError != null) {
			throw new HclSyntaxException(scanError);
		}
		if (failure != null) {
			throw failure;
		}
		return new ItemList(List.copyOf(items));
	}

	private void objectList(boolean inObject, List<Item> items) {
		while (true) {
			if (inObject) {
				HclToken next = scan();
				unscan();
				if (next.type() == Type.RBRACE) {
					break;
				}
			}
			Item item;
			try {
				item = objectItem();
			}
			catch (EndOfInput ex) {
				break;
			}
			items.add(item);
			if (scan().type() != Type.COMMA) {
				unscan();
			}
		}
	}

	private Item objectItem() {
		List<HclToken> keys;
		@Nullable RuntimeException failure = null;
		try {
			keys = objectKey();
		}
		catch (KeyFailure ex) {
			keys = ex.keys;
			failure = ex.cause;
		}
		if (!keys.isEmpty() && failure instanceof EndOfInput) {
			failure = null;
		}
		if (!keys.isEmpty() && failure != null && this.tok.type() == Type.RBRACE) {
			// Go resets the token so objectType does not take the object for complete.
			failure = null;
			this.tok = this.tok.withType(Type.EOF);
		}
		if (failure != null) {
			throw failure;
		}
		int assignLine = 0;
		HclNode value;
		switch (this.tok.type()) {
			case ASSIGN -> {
				assignLine = this.tok.line();
				value = object();
			}
			case LBRACE -> value = objectType();
			default -> {
				List<String> texts = keys.stream().map(HclToken::text).toList();
				throw HclSyntaxException.at(this.tok.pos(), "key '" + String.join(" ", texts)
						+ "' expected start of object ('{') or assignment ('=')");
			}
		}
		scan();
		unscan();
		return new Item(List.copyOf(keys), assignLine, value);
	}

	private List<HclToken> objectKey() {
		List<HclToken> keys = new ArrayList<>();
		while (true) {
			HclToken token = scan();
			switch (token.type()) {
				case EOF -> throw new KeyFailure(keys, EndOfInput.INSTANCE);
				case ASSIGN -> {
					if (keys.size() > 1) {
						throw new KeyFailure(List.of(),
								HclSyntaxException.at(token.pos(), "nested object expected: LBRACE got: ASSIGN"));
					}
					if (keys.isEmpty()) {
						throw new KeyFailure(List.of(), HclSyntaxException.at(token.pos(), "no object keys found!"));
					}
					return keys;
				}
				case LBRACE -> {
					if (keys.isEmpty()) {
						throw new KeyFailure(keys,
								HclSyntaxException.at(token.pos(), "expected: IDENT | STRING got: LBRACE"));
					}
					return keys;
				}
				case IDENT, STRING -> keys.add(token);
				case ILLEGAL -> throw new KeyFailure(keys, HclSyntaxException.at(token.pos(), "illegal character"));
				default -> throw new KeyFailure(keys, HclSyntaxException.at(token.pos(),
						"expected: IDENT | STRING | ASSIGN | LBRACE got: " + token.type()));
			}
		}
	}

	private HclNode object() {
		HclToken token = scan();
		return switch (token.type()) {
			case NUMBER, FLOAT, BOOL, STRING, HEREDOC -> new Literal(token);
			case LBRACE -> objectType();
			case LBRACK -> listType();
			case EOF -> throw EndOfInput.INSTANCE;
			default -> throw HclSyntaxException.at(token.pos(), "Unknown token: " + token.describe());
		};
	}

	private ObjectNode objectType() {
		HclToken lbrace = this.tok;
		List<Item> items = new ArrayList<>();
		try {
			objectList(true, items);
		}
		catch (HclSyntaxException ex) {
			if (this.tok.type() != Type.RBRACE) {
				throw ex;
			}
		}
		HclToken close = scan();
		if (close.type() != Type.RBRACE) {
			throw HclSyntaxException.at(close.pos(), "object expected closing RBRACE got: " + close.type());
		}
		return new ObjectNode(new ItemList(List.copyOf(items)), lbrace.line(), lbrace.column());
	}

	private ListNode listType() {
		HclToken lbrack = this.tok;
		List<HclNode> items = new ArrayList<>();
		boolean needComma = false;
		while (true) {
			HclToken token = scan();
			if (needComma && token.type() != Type.COMMA && token.type() != Type.RBRACK) {
				throw HclSyntaxException.at(token.pos(),
						"error parsing list, expected comma or list end, got: " + token.type());
			}
			switch (token.type()) {
				case BOOL, NUMBER, FLOAT, STRING, HEREDOC -> {
					items.add(new Literal(token));
					needComma = true;
				}
				case COMMA -> {
					scan();
					unscan();
					needComma = false;
				}
				case LBRACE -> {
					try {
						items.add(objectType());
					}
					catch (HclSyntaxException ex) {
						throw HclSyntaxException.at(token.pos(),
								"error while trying to parse object within list: " + ex.getMessage());
					}
					needComma = true;
				}
				case LBRACK -> {
					try {
						items.add(listType());
					}
					catch (HclSyntaxException ex) {
						throw HclSyntaxException.at(token.pos(),
								"error while trying to parse list within list: " + ex.getMessage());
					}
				}
				case RBRACK -> {
					return new ListNode(List.copyOf(items), lbrack.line(), lbrack.column());
				}
				default -> throw HclSyntaxException.at(token.pos(),
						"unexpected token while parsing list: " + token.type());
			}
		}
	}

	private HclToken scan() {
		if (this.buffered) {
			this.buffered = false;
			return this.tok;
		}
		this.tok = this.scanner.scan();
		while (this.tok.type() == Type.COMMENT) {
			this.tok = this.scanner.scan();
		}
		return this.tok;
	}

	private void unscan() {
		this.buffered = true;
	}

	/**
	 * Go's {@code errEofToken}: not an error, it ends the list being parsed.
	 */
	static final class EndOfInput extends RuntimeException {

		static final EndOfInput INSTANCE = new EndOfInput();

		private EndOfInput() {
			super("EOF token found", null, false, false);
		}

	}

	/**
	 * The keys read so far together with the reason key parsing stopped.
	 */
	private static final class KeyFailure extends RuntimeException {

		private final List<HclToken> keys;

		private final RuntimeException cause;

		KeyFailure(List<HclToken> keys, RuntimeException cause) {
			super(null, null, false, false);
			this.keys = keys;
			this.cause = cause;
		}

	}

}
