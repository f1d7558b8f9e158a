package dev.vaultapprole.emulator.acl;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax tree of HCL v1, shaped like the Go library's {@code ast} package so that the
 * policy parser can follow Vault's decoding rules (and name the Go node types in errors).
 */
sealed interface HclNode {

	/**
	 * The position Go reports for the node.
	 * @return {@code line:column} or {@code -}
	 */
	String pos();

	/**
	 * The Go type name, as {@code %T} prints it.
	 * @return the type name
	 */
	String goType();

	/**
	 * A literal: string, number, float, bool or heredoc.
	 *
	 * @param token the token
	 */
	record Literal(HclToken token) implements HclNode {

		@Override
		public String pos() {
			return this.token.pos();
		}

		@Override
		public String goType() {
			return "*ast.LiteralType";
		}

	}

	/**
	 * A list {@code [a, b]}.
	 *
	 * @param items the items
	 * @param line the line of {@code [}, 0 when unknown
	 * @param column the column of {@code [}
	 */
	record ListNode(List<HclNode> items, int line, int column) implements HclNode {

		@Override
		public String pos() {
			return HclToken.pos(this.line, this.column);
		}

		@Override
		public String goType() {
			return "*ast.ListType";
		}

	}

	/**
	 * An object {@code { ... }}.
	 *
	 * @param list the items
	 * @param line the line of <code>{</code>, 0 when unknown
	 * @param column the column of <code>{</code>
	 */
	record ObjectNode(ItemList list, int line, int column) implements HclNode {

		@Override
		public String pos() {
			return HclToken.pos(this.line, this.column);
		}

		@Override
		public String goType() {
			return "*ast.ObjectType";
		}

	}

	/**
	 * A list of object items, the body of a file or of an object.
	 *
	 * @param items the items
	 */
	record ItemList(List<Item> items) implements HclNode {

		@Override
		public String pos() {
			return this.items.isEmpty() ? "-" : this.items.get(0).pos();
		}

		@Override
		public String goType() {
			return "*ast.ObjectList";
		}

		/**
		 * The items whose first key equals the key (ignoring case), with that key removed,
		 * as Go's {@code ObjectList.Filter}.
		 * @param key the key
		 * @return the matching items
		 */
		ItemList filter(String key) {
			List<Item> result = new ArrayList<>();
			for (Item item : this.items) {
				if (item.keys().isEmpty()) {
					continue;
				}
				Object first = item.keys().get(0).value();
				if (first instanceof String text && (text.equals(key) || text.equalsIgnoreCase(key))) {
					result.add(new Item(item.keys().subList(1, item.keys().size()), item.assignLine(), item.value()));
				}
			}
			return new ItemList(result);
		}

	}

	/**
	 * An item {@code key "key2" = value} or {@code key "key2" { ... }}.
	 *
	 * @param keys the keys
	 * @param assignLine the line of {@code =} (or {@code :} in JSON), 0 when there is none
	 * @param value the value
	 */
	record Item(List<HclToken> keys, int assignLine, HclNode value) implements HclNode {

		@Override
		public String pos() {
			return this.keys.isEmpty() ? "-" : this.keys.get(0).pos();
		}

		@Override
		public String goType() {
			return "*ast.ObjectItem";
		}

	}

}
