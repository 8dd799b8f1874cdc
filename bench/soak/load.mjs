// The soak's load generator, run as a child process so that its memory is not
// counted with the server's. It mints transient tokens and uses them at a
// steady rate, and stops after DURATION_MS or when its parent disconnects.
import { setTimeout as sleep } from "node:timers/promises";

const url = process.env.SOAK_URL;
const adminToken = process.env.SOAK_ADMIN_TOKEN;
const userToken = process.env.SOAK_USER_TOKEN;
const machineId = process.env.SOAK_MACHINE_ID;
const ratePerSecond = Number(process.env.SOAK_RATE ?? "100");
const durationMs = Number(process.env.SOAK_DURATION_MS ?? "600000");

const TICK_MS = 100;
const counts = { mints: 0, uses: 0, resources: 0, failures: 0 };

async function mint(token) {
  const response = await fetch(`${url}/security/token?type=delegation&scope=all`, {
    method: "POST",
    headers: { "X-Plex-Token": token, Accept: "application/json" },
  });
  const body = await response.json();
  counts.mints += 1;

  return body.MediaContainer.token;
}

async function use(token) {
  const response = await fetch(`${url}/`, { headers: { "X-Plex-Token": token } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET / returned HTTP ${response.status}`);
  counts.uses += 1;
}

async function resources(token) {
  const response = await fetch(`${url}/security/resources?source=server://${machineId}`, {
    headers: { "X-Plex-Token": token, Accept: "application/json" },
  });
  await response.arrayBuffer();
  counts.resources += 1;
}

/** Mints from an account token, uses the transient token twice, and every tenth time requests resources. */
async function cycle(index) {
  try {
    const transient = await mint(index % 2 === 0 ? adminToken : userToken);
    await use(transient);
    await use(transient);
    if (index % 10 === 0) await resources(index % 20 === 0 ? transient : adminToken);
  } catch {
    counts.failures += 1;
  }
}

const started = Date.now();
const perTick = Math.max(1, Math.round((ratePerSecond * TICK_MS) / 1000));
let index = 0;
const pending = new Set();
process.on("disconnect", () => process.exit(0));

while (Date.now() - started < durationMs) {
  for (let n = 0; n < perTick; n++) {
    const work = cycle(index++).finally(() => pending.delete(work));
    pending.add(work);
  }
  // Bound the requests in flight, so a slow server slows the load instead of piling it up.
  while (pending.size > perTick * 20) await Promise.race(pending);
  await sleep(TICK_MS);
}

await Promise.all(pending);
process.send?.({ counts });
