// Shared by the SCIM interop tests: starting a child process and waiting for
// its ready line, and idp-mock's tenant with an Okta-shaped provisioning app.
import {spawn} from "node:child_process";
import {rmSync, writeFileSync} from "node:fs";
import path from "node:path";

// Starts a child and resolves with the first stdout line matching `re`.
export function start(cmd, args, re) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {stdio: ["ignore", "pipe", "inherit"]});
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready in 20 s`)), 20000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(re);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolve({child, match: m});
      }
    });
    child.on("exit", (code) => reject(new Error(`${cmd} exited early (${code})`)));
  });
}

// idp-mock's tenant: `users` ([login, firstName, lastName]), the group
// Engineering with `engineering` (logins), and the app `app` provisioning
// into `scim_base` with every To App toggle on and Engineering pushed.
export function tenant_yaml({repo, app, scim_base, token, users, engineering, assigned}) {
  const certs = path.join(repo, "certs");
  const people = users.map(([login, first, last]) => `  - {login: ${login}, firstName: ${first}, lastName: ${last}, password: demo}`);
  return `org: acme
listen: {address: 127.0.0.1, port: 0}
signing: {key: ${certs}/idp.key, certificate: ${certs}/idp.crt}
users:
${people.join("\n")}
groups:
  - {name: Engineering, members: [${engineering.join(", ")}]}
apps:
  - name: ${app}
    label: Hotjar
    app_name: acme_hotjar_1
    external_key: exk1acmeH0tjar5Sx0h7
    assigned_users: [${assigned.join(", ")}]
    settings:
      single_sign_on_url: http://127.0.0.1:9/acs
      audience_uri: http://127.0.0.1:9/metadata
      provisioning:
        scim_connector_base_url: ${scim_base}
        bearer_token: ${token}
        create_users: true
        update_user_attributes: true
        deactivate_users: true
        push_groups: [Engineering]
`;
}

// Writes the tenant into `work` and starts idp-mock on it: {child, base}.
export async function start_idp(idp_bin, work, yaml) {
  writeFileSync(path.join(work, "tenant.yaml"), yaml);
  const i = await start(idp_bin, ["serve", "--config", path.join(work, "tenant.yaml"), "--port", "0", "--seed", "1"], / on (http:\/\/127\.0\.0\.1:\d+)/);
  return {child: i.child, base: i.match[1]};
}

// Stops the children and removes `work`.
export function stop(children, work) {
  for (const c of children) c?.kill("SIGTERM");
  if (work) rmSync(work, {recursive: true, force: true});
}
