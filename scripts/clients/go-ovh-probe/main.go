// go-ovh-probe drives the simulator through github.com/ovh/go-ovh, the official Go client (and the
// library every ovhcloud-cli command calls), the way `ovhcloud vrackservices list|get|edit` does:
// list the vRack Services, get one, and PUT a new targetSpec with its checksum.
//
//	go-ovh-probe list|get ID|edit ID SPEC_JSON
//
// Endpoint and credentials come from go-ovh's normal configuration (OVH_ENDPOINT,
// OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY or ~/.ovh.conf); the endpoint may
// be a URL. Prints the decoded answer as JSON; an API error prints {"status","class","message"}
// and exits 3, any other failure exits 1.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/ovh/go-ovh/ovh"
)

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: go-ovh-probe list | get ID | edit ID SPEC_JSON"))
	}
	// As ovhcloud-cli builds its client: go-ovh's own configuration, nothing else.
	client, err := ovh.NewDefaultClient()
	if err != nil {
		fail(err)
	}
	var out any
	switch cmd := os.Args[1]; {
	case cmd == "list" && len(os.Args) == 2:
		err = list(client, &out)
	case cmd == "get" && len(os.Args) == 3:
		err = client.Get("/v2/vrackServices/resource/"+os.Args[2], &out)
	case cmd == "edit" && len(os.Args) == 4:
		err = edit(client, os.Args[2], os.Args[3], &out)
	default:
		err = fmt.Errorf("unknown command %q (valid: list, get ID, edit ID SPEC_JSON)", os.Args[1:])
	}
	var apiErr *ovh.APIError
	if errors.As(err, &apiErr) {
		_ = json.NewEncoder(os.Stdout).Encode(map[string]any{"status": apiErr.Code, "class": apiErr.Class, "message": apiErr.Message})
		os.Exit(3)
	}
	if err != nil {
		fail(err)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}

// list sends the header ovhcloud-cli's `vrackservices list` sends (it asks for every page at once).
func list(client *ovh.Client, out *any) error {
	req, err := client.NewRequest(http.MethodGet, "/v2/vrackServices/resource", nil, true)
	if err != nil {
		return err
	}
	req.Header.Set("X-Pagination-Mode", "CachedObjectList-Pages")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return client.UnmarshalResponse(resp, out)
}

// edit reads the current checksum, then PUTs {checksum, targetSpec}: the optimistic lock the API asks for.
func edit(client *ovh.Client, id, spec string, out *any) error {
	var current struct {
		Checksum string `json:"checksum"`
	}
	if err := client.Get("/v2/vrackServices/resource/"+id, &current); err != nil {
		return err
	}
	var targetSpec any
	if err := json.Unmarshal([]byte(spec), &targetSpec); err != nil {
		return fmt.Errorf("SPEC_JSON is not JSON: %w", err)
	}
	return client.Put("/v2/vrackServices/resource/"+id, map[string]any{"checksum": current.Checksum, "targetSpec": targetSpec}, out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-ovh-probe:", err)
	os.Exit(1)
}
