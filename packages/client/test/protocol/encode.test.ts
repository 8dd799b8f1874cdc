import { describe, expect, it } from "vitest";

import {
  CONTENT_TYPES,
  decodeErrors,
  decodeSourceConnectionInformation,
  decodeTransientToken,
  encodeErrors,
  encodeSourceConnectionInformation,
  encodeTransientToken,
  type BodyFormat,
  type SourceConnectionInformation,
} from "../../src/protocol/index.js";
import { EXAMPLE_CONNECTIONS, SOURCE_TOKEN, TRANSIENT_TOKEN } from "../helpers/fixtures.js";

const INFO: SourceConnectionInformation = {
  size: 1,
  device: {
    name: 'Tom & Jerry\'s "NAS" <1>',
    clientIdentifier: "abc123",
    accessToken: SOURCE_TOKEN,
    connections: EXAMPLE_CONNECTIONS as SourceConnectionInformation["device"]["connections"],
  },
};

describe.each(["json", "xml"] as BodyFormat[])("encoders in %s", (format) => {
  it("round-trips a transient token", () => {
    const body = encodeTransientToken({ size: 0, token: TRANSIENT_TOKEN }, format);

    expect(decodeTransientToken(body, CONTENT_TYPES[format])).toEqual({ size: 0, token: TRANSIENT_TOKEN });
  });

  it("round-trips source connection information", () => {
    const body = encodeSourceConnectionInformation(INFO, format);

    expect(decodeSourceConnectionInformation(body, CONTENT_TYPES[format])).toEqual(INFO);
  });

  it("round-trips an errors body", () => {
    const errors = [{ code: 1001, message: "User could not be authenticated", status: 401 }];

    expect(decodeErrors(encodeErrors(errors, format), CONTENT_TYPES[format])).toEqual(errors);
  });
});

describe("encoders in PMS form", () => {
  it("writes XML booleans as PMS does", () => {
    const body = encodeSourceConnectionInformation(INFO, "xml");

    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<MediaContainer size="1">/);
    expect(body).toContain('local="1"');
    expect(body).toContain('local="0"');
    expect(body).toContain('relay="1"');
    expect(body).not.toContain('relay="0"');
  });

  it("writes JSON Device and Connection shapes", () => {
    const json = JSON.parse(encodeSourceConnectionInformation(INFO, "json")) as {
      MediaContainer: { Device: { Connection: unknown[] } };
    };

    expect(Array.isArray(json.MediaContainer.Device)).toBe(false);
    expect(Array.isArray(json.MediaContainer.Device.Connection)).toBe(true);
    expect(json.MediaContainer.Device.Connection[0]).toMatchObject({ port: 32400, local: true, relay: false });
  });
});
