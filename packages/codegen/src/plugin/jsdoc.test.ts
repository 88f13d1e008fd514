import { describe, expect, it } from "vitest";
import { commentLines, docLines, renderJsDoc } from "./jsdoc.js";

describe("commentLines", () => {
  it("drops the space after // and surrounding blank lines, keeps inner indentation", () => {
    expect(commentLines(" line one\n\n   indented\n")).toEqual(["line one", "", "  indented"]);
  });

  it("drops the * that starts a /** comment", () => {
    expect(commentLines("* Block doc\n second line ")).toEqual(["Block doc", "second line"]);
  });

  it("has no lines for a missing or blank comment", () => {
    expect(commentLines(undefined)).toEqual([]);
    expect(commentLines(" \n \n")).toEqual([]);
  });
});

describe("docLines", () => {
  it("puts a summary and a one-line comment on one line", () => {
    expect(docLines({ summary: "Client of a.B.", comment: " Does things.\n" })).toEqual([
      "Client of a.B. Does things.",
    ]);
  });

  it("separates a longer comment from the summary by a blank line", () => {
    expect(docLines({ summary: "Client of a.B.", comment: " One.\n Two.\n" })).toEqual([
      "Client of a.B.",
      "",
      "One.",
      "Two.",
    ]);
  });

  it("adds @deprecated last, alone when there is nothing else", () => {
    expect(docLines({ comment: " Old.\n", deprecated: true })).toEqual(["Old.", "", "@deprecated"]);
    expect(docLines({ deprecated: true })).toEqual(["@deprecated"]);
  });
});

describe("renderJsDoc", () => {
  it("renders one line, several lines, or nothing", () => {
    expect(renderJsDoc(["Hi."], "  ")).toBe("  /** Hi. */\n");
    expect(renderJsDoc(["A.", "", "B."])).toBe("/**\n * A.\n *\n * B.\n */\n");
    expect(renderJsDoc([])).toBe("");
  });

  it("escapes */ so the comment cannot end early", () => {
    expect(renderJsDoc(["matches a*/b and */"])).toBe("/** matches a*\\/b and *\\/ */\n");
  });
});
