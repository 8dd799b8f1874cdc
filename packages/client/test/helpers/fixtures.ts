/** Bodies and values shared by the tests. The tokens are made up. */

export const ACCOUNT_TOKEN = "acct-Tok3n-fixture-Zq8Wm1xP";
export const TRANSIENT_TOKEN = "transient-90904684-f91a-4391-8bf7-e0dfa7240285";
export const SOURCE_TOKEN = "transient-fa75f159-b9d2-42b6-8fbd-1761c7a4195a";
export const CLIENT_ID = "243b471948ace337a8f92f129ec97d1902fcb1df";

export const TOKEN_XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<MediaContainer size="0" token="${TRANSIENT_TOKEN}"></MediaContainer>`;

export const TOKEN_JSON = JSON.stringify({ MediaContainer: { size: 0, token: TRANSIENT_TOKEN } });

export const RESOURCES_XML = `<MediaContainer size="1">
  <Device name="Office (office-nas)" clientIdentifier="${CLIENT_ID}" accessToken="${SOURCE_TOKEN}">
    <Connection protocol="https" address="10.0.2.123" port="32400" uri="https://10-0-2-123.93b10b279ff8456686414add109854cd.plex.direct:32400" local="1"/>
    <Connection protocol="https" address="203.0.113.7" port="32403" uri="https://203-0-113-7.93b10b279ff8456686414add109854cd.plex.direct:32403" local="0"/>
    <Connection protocol="https" address="198.51.100.20" port="8443" uri="https://198-51-100-20.93b10b279ff8456686414add109854cd.plex.direct:8443" local="0" relay="1"/>
  </Device>
</MediaContainer>`;

export const RESOURCES_JSON = JSON.stringify({
  MediaContainer: {
    size: 1,
    Device: {
      name: "Office (office-nas)",
      clientIdentifier: CLIENT_ID,
      accessToken: SOURCE_TOKEN,
      Connection: [
        {
          protocol: "https",
          address: "10.0.2.123",
          port: 32400,
          uri: "https://10-0-2-123.93b10b279ff8456686414add109854cd.plex.direct:32400",
          local: true,
          relay: false,
        },
      ],
    },
  },
});

/** The three connections of the XML example, decoded. */
export const EXAMPLE_CONNECTIONS = [
  {
    protocol: "https",
    address: "10.0.2.123",
    port: 32400,
    uri: "https://10-0-2-123.93b10b279ff8456686414add109854cd.plex.direct:32400",
    local: true,
    relay: false,
  },
  {
    protocol: "https",
    address: "203.0.113.7",
    port: 32403,
    uri: "https://203-0-113-7.93b10b279ff8456686414add109854cd.plex.direct:32403",
    local: false,
    relay: false,
  },
  {
    protocol: "https",
    address: "198.51.100.20",
    port: 8443,
    uri: "https://198-51-100-20.93b10b279ff8456686414add109854cd.plex.direct:8443",
    local: false,
    relay: true,
  },
];

export const PMS_401_HTML = "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>";
