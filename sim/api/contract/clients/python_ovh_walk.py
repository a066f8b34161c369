"""Drives the simulator with python-ovh (PyPI `ovh`), configured as for the real API.

python-ovh only knows named endpoints (`ovh-eu` = https://eu.api.ovh.com/1.0); its configuration
comes from the environment (OVH_ENDPOINT, OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET,
OVH_CONSUMER_KEY), and the test points HTTPS_PROXY / REQUESTS_CA_BUNDLE at a local TLS front.
Prints one JSON object: what each call returned or raised (exception type, status, body, query id),
for the test to judge. Arguments: VRS_ID VRACK_SN EFS_URN (application-key mode), or
`oauth2 VRS_ID` (service-account mode: OVH_CLIENT_ID / OVH_CLIENT_SECRET, token from the endpoint's
own token URL, https://www.ovh.com/auth/oauth2/token for ovh-eu).
"""

import json
import sys
import time

import ovh


def outcome(fn):
    try:
        return {"ok": fn()}
    except ovh.exceptions.APIError as e:
        r = e.response
        return {
            "raised": type(e).__name__,
            "status": r.status_code if r is not None else None,
            "body": r.json() if r is not None else None,
            "queryId": e.query_id,
        }


def main(vrs, vrack, urn):
    client = ovh.Client()  # everything from the environment, like a user's own set-up
    out = {}
    out["list"] = outcome(lambda: client.get("/v2/vrackServices/resource"))
    out["get"] = outcome(lambda: client.get(f"/v2/vrackServices/resource/{vrs}"))
    out["getMissing"] = outcome(lambda: client.get("/v2/vrackServices/resource/vrs-abc-def-ghi-jkl"))

    task = outcome(lambda: client.post(f"/vrack/{vrack}/vrackServices", vrackServices=vrs))
    out["associate"] = task
    if "ok" in task:
        polls = []
        for _ in range(200):  # bounded: 200 polls, 50 ms apart
            p = outcome(lambda: client.get(f"/vrack/{vrack}/task/{task['ok']['id']}"))
            polls.append(p.get("raised") or p["ok"]["status"])
            if "raised" in p:
                break
            time.sleep(0.05)
        out["taskPolls"] = polls
    out["vrackServicesOfVrack"] = outcome(lambda: client.get(f"/vrack/{vrack}/vrackServices"))

    checksum = out["get"].get("ok", {}).get("checksum")
    spec = {"subnets": [{"cidr": "10.120.0.0/24", "vlan": 2, "serviceRange": {"cidr": "10.120.0.0/29"},
                         "serviceEndpoints": [{"managedServiceURN": urn}]}]}
    out["put"] = outcome(lambda: client.put(f"/v2/vrackServices/resource/{vrs}", checksum=checksum, targetSpec=spec))
    out["putStale"] = outcome(lambda: client.put(f"/v2/vrackServices/resource/{vrs}", checksum=checksum, targetSpec=spec))

    bad_ck = ovh.Client(consumer_key="not-a-consumer-key")
    out["badConsumerKey"] = outcome(lambda: bad_ck.get(f"/v2/vrackServices/resource/{vrs}"))
    bad_ak = ovh.Client(application_key="not-an-application-key")
    out["badApplicationKey"] = outcome(lambda: bad_ak.get(f"/v2/vrackServices/resource/{vrs}"))
    print(json.dumps(out))


def oauth2(vrs):
    client = ovh.Client()  # OVH_CLIENT_ID / OVH_CLIENT_SECRET: python-ovh switches to OAuth2 by itself
    out = {"get": outcome(lambda: client.get(f"/v2/vrackServices/resource/{vrs}"))}
    checksum = out["get"].get("ok", {}).get("checksum")
    spec = {"subnets": [{"cidr": "10.130.0.0/24", "vlan": 3, "serviceRange": {"cidr": "10.130.0.0/29"}, "serviceEndpoints": []}]}
    out["put"] = outcome(lambda: client.put(f"/v2/vrackServices/resource/{vrs}", checksum=checksum, targetSpec=spec))
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "oauth2":
        oauth2(sys.argv[2])
    else:
        main(*sys.argv[1:4])
