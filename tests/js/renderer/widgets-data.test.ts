import { afterEach, describe, expect, it } from "vitest";
import { card, renderTree } from "./widget-helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("Table family", () => {
  it("renders header rows as th and honours spans and alignment", () => {
    const { $$ } = renderTree(
      card([
        {
          type: "Table",
          children: [
            {
              type: "Table.Row",
              header: true,
              children: [
                { type: "Table.Cell", children: [{ type: "Text", value: "Name" }] },
                { type: "Table.Cell", align: "end", children: [{ type: "Text", value: "Qty" }] },
              ],
            },
            {
              type: "Table.Row",
              children: [
                { type: "Table.Cell", colSpan: 2, children: [{ type: "Text", value: "Total" }] },
              ],
            },
          ],
        },
      ]),
    );
    expect($$("th").map((th) => th.textContent?.trim())).toEqual(["Name", "Qty"]);
    expect($$("th")[1]?.style.getPropertyValue("text-align")).toBe("right");
    expect($$("td")[0]?.getAttribute("colspan")).toBe("2");
  });
});

describe("Chart", () => {
  it("draws bars, lines and areas as inline SVG with axis labels and legend", () => {
    const { $, $$ } = renderTree(
      card([
        {
          type: "Chart",
          data: [
            { m: "Jan", a: 1, b: 3, c: 2 },
            { m: "Feb", a: 4, b: 2, c: 5 },
          ],
          series: [
            { type: "bar", dataKey: "a", label: "A", color: "#ff0000" },
            { type: "line", dataKey: "b", label: "B" },
            { type: "area", dataKey: "c", label: "C" },
          ],
          xAxis: { dataKey: "m", labels: { Jan: "January" } },
        },
      ]),
    );
    expect($$("rect.bar")).toHaveLength(2);
    expect($$("rect.bar")[0]?.style.getPropertyValue("fill")).toBe("#ff0000");
    expect($("polyline.line")?.getAttribute("points")?.split(" ")).toHaveLength(2);
    expect($("path.area")?.getAttribute("d")).toMatch(/^M.*Z$/);
    expect($$("text.axis").map((t) => t.textContent)).toEqual(
      expect.arrayContaining(["January", "Feb"]),
    );
    expect($(".w-chart-legend")?.textContent).toContain("B");
  });

  it("unknown component types fall back to their children", () => {
    const { $ } = renderTree(
      card([{ type: "FutureThing", children: [{ type: "Text", value: "kept" }] }]),
    );
    expect($(".w-unknown")?.textContent).toContain("kept");
  });
});
