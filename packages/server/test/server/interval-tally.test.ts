import { afterEach, describe, expect, it } from "vitest";

import { IntervalTally, type TallyReport } from "../../src/server/interval-tally.js";
import { FakeClock } from "../helpers/test-server.js";

describe("IntervalTally", () => {
  const reports: TallyReport[] = [];
  let tally: IntervalTally;

  function newTally(clock: FakeClock, maxKeys = 100): IntervalTally {
    tally = new IntervalTally({ clock, intervalMs: 60_000, maxKeys, topCount: 2, report: (report) => reports.push(report) });
    return tally;
  }

  afterEach(() => {
    tally.close();
    reports.splice(0);
  });

  it("reports once per interval", () => {
    const clock = new FakeClock();
    newTally(clock);
    for (const key of ["a", "b", "b", "c", "c", "c"]) tally.add(key, key === "a" ? "missing" : "invalid");

    expect(reports).toEqual([]);
    clock.advance(60_000);
    tally.add("a", "missing");

    expect(reports).toEqual([
      { intervalSeconds: 60, total: 6, kinds: { missing: 1, invalid: 5 }, keys: 3, untrackedEvents: 0, top: [
        { key: "c", count: 3 },
        { key: "b", count: 2 },
      ] },
    ]);
  });

  it("reports nothing for a quiet interval", () => {
    const clock = new FakeClock();
    newTally(clock);

    clock.advance(120_000);
    tally.flush();

    expect(reports).toEqual([]);
  });

  it("counts keys beyond maxKeys in the total only", () => {
    newTally(new FakeClock(), 2);
    for (const key of ["a", "b", "c", "d", "a"]) tally.add(key, "x");

    tally.flush();

    expect(reports[0]).toMatchObject({ total: 5, keys: 2, untrackedEvents: 2, top: [{ key: "a", count: 2 }, { key: "b", count: 1 }] });
  });
});
