import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PushIndicatorValue, PushRequest } from "./protocol";
import { utf8ByteLength } from "../text/utf8";
import { ColumnsSize, PushBody, fromPushBody, toPushBody } from "./push-body";

const record = fc.record({
  key: fc.record({
    indicatorCode: fc.constantFrom("FAC-CLR", "REV-COLL", "ENF-INSP"),
    actorId: fc.constantFrom("CI", "SN", "TG"),
    period: fc.constantFrom("2021", "2021Q3", "2022S1", "202305"),
  }),
  fields: fc.record({
    value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
    target: fc.option(fc.integer(), { nil: null }),
    source: fc.option(fc.string(), { nil: null }),
    comment: fc.option(fc.string({ unit: "binary" }), { nil: null }),
  }),
  baseVersion: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
}) satisfies fc.Arbitrary<PushIndicatorValue>;

describe("push body", () => {
  it("carries exactly the records it was made from, whatever their nulls", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (indicatorValues) => {
        const request: PushRequest = { followUps: [], indicatorValues };
        const body = toPushBody(request);
        const sent = PushBody.parse(JSON.parse(JSON.stringify(body)));
        const received = fromPushBody(sent);
        expect(received.followUps).toEqual([]);
        // (as the record form would arrive: JSON has no -0)
        expect(received.indicatorValues ?? []).toEqual(JSON.parse(JSON.stringify(indicatorValues)));
      }),
    );
  });

  it("sends values as columns, leaving out those null for every record", () => {
    const a: PushIndicatorValue = { key: { indicatorCode: "REV-COLL", actorId: "CI", period: "2021Q1" }, fields: { value: 1, target: null, source: null, comment: null }, baseVersion: null };
    const b: PushIndicatorValue = { ...a, key: { ...a.key, period: "2021Q2" }, fields: { ...a.fields, comment: "révisé" }, baseVersion: 2 };
    const body = toPushBody({ indicatorValues: [a, b] });
    expect(body).toEqual({
      indicatorValueColumns: {
        indicatorCode: ["REV-COLL", "REV-COLL"],
        actorId: ["CI", "CI"],
        period: ["2021Q1", "2021Q2"],
        value: [1, 1],
        comment: [null, "révisé"],
        baseVersion: [null, 2],
      },
    });
    expect(toPushBody({ followUps: [] })).toEqual({ followUps: [] });
    expect(JSON.stringify(toPushBody({ indicatorValues: Array(100).fill(a) })).length).toBeLessThan(JSON.stringify({ indicatorValues: Array(100).fill(a) }).length / 3);
  });

  it("refuses columns of different lengths, and both forms at once", () => {
    const columns = { indicatorCode: ["REV-COLL"], actorId: ["CI"], period: ["2021"], value: [1, 2] };
    expect(PushBody.safeParse({ indicatorValueColumns: columns }).error?.issues[0]?.path).toEqual(["indicatorValueColumns", "value"]);
    const both = PushBody.safeParse({ indicatorValues: [], indicatorValueColumns: { ...columns, value: [1] } });
    expect(both.error?.issues[0]?.path).toEqual(["indicatorValueColumns"]);
  });

  it("knows the size of the columns as records are added: the bytes sent, and the names of the columns left out", () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), (indicatorValues) => {
        const size = new ColumnsSize();
        for (const r of indicatorValues) {
          const entries = ColumnsSize.measure(r);
          const expected = size.bytes(entries);
          size.add(entries);
          expect(size.bytes()).toBe(expected);
        }
        const columns = toPushBody({ indicatorValues }).indicatorValueColumns!;
        const leftOut = ["target", "source", "comment", "baseVersion"].filter((name) => !(name in columns));
        const leftOutBytes = leftOut.reduce((n, name) => n + `"${name}":[],`.length, 0);
        expect(size.bytes()).toBe(utf8ByteLength(JSON.stringify({ indicatorValueColumns: columns })) + leftOutBytes);
      }),
    );
  });
});
