#!/usr/bin/env python3
"""The checks of k8s/validate.sh (which renders the overlays first and passes K8S_DIR, ROOT, WORK, RENDERED)."""
import os, re, sys, glob
import yaml

K8S, ROOT, WORK = os.environ["K8S_DIR"], os.environ["ROOT"], os.environ["WORK"]
RENDERED = os.environ.get("RENDERED") == "yes"

passed, failed, warnings = 0, [], []

def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)
    return ok

def warn(what):
    warnings.append(what)

# ---------------------------------------------------------------- every file parses, every kustomization path exists
files = sorted(glob.glob(os.path.join(K8S, "**", "*.yaml"), recursive=True))
for f in files:
    rel = os.path.relpath(f, ROOT)
    try:
        list(yaml.safe_load_all(open(f)))
        check(True, rel)
    except yaml.YAMLError as e:
        check(False, f"{rel}: does not parse: {e}")

for kfile in [f for f in files if os.path.basename(f) == "kustomization.yaml"]:
    kdir, rel = os.path.dirname(kfile), os.path.relpath(kfile, ROOT)
    k = yaml.safe_load(open(kfile))
    paths = list(k.get("resources", [])) + list(k.get("components", [])) + list(k.get("configurations", []))
    paths += [p["path"] for p in k.get("patches", []) if "path" in p]
    for gen in k.get("configMapGenerator", []) + k.get("secretGenerator", []):
        paths += list(gen.get("files", [])) + list(gen.get("envs", []))
    for p in paths:
        target = os.path.normpath(os.path.join(kdir, p.split("=", 1)[-1]))
        if p.endswith(".env") and "overlays/prod/secrets" in target:
            # real secrets are git-ignored: the committed template must exist
            check(os.path.exists(target + ".example"), f"{rel}: {p} has no {p}.example template")
        else:
            check(os.path.exists(target), f"{rel}: {p} does not exist")

# ---------------------------------------------------------------- what the code says
def props(module):
    path = os.path.join(ROOT, module, "src/main/resources/application.properties")
    out = {}
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                out[key.strip()] = value.strip()
    return out, os.path.exists(path)

SERVICES = {  # name -> (port, database or None)
    "gateway-service": (8080, None), "community-service": (8081, "community"),
    "plugin-runner-service": (8082, "runner"), "process-service": (8083, "process"),
    "event-dispatcher": (8084, None), "metastore-service": (8090, None),
}
for name, (port, _) in SERVICES.items():
    p, exists = props(name)
    if not exists:
        warn(f"{name}: no src/main/resources/application.properties (yet); QUARKUS_HTTP_PORT={port} in the manifest "
             f"is then the only port setting")
        continue
    check(p.get("quarkus.http.port") == str(port),
          f"{name}: application.properties quarkus.http.port={p.get('quarkus.http.port')} but the manifests use {port}")

# the topics themselves (names, partitions, policies, retention) are checked against the catalog by
# libs/events' KafkaTopicsMatchTheCatalogTest in the test command; here only what the rendered overlays change

# Environment names each module understands: the ${NAME} placeholders of its application.properties, and the
# canonical environment form (upper case, [^A-Z0-9] -> _) of its properties and of its @ConfigMapping members.
def env_form(prop):
    return re.sub(r"[^A-Za-z0-9]", "_", prop).upper()

def kebab(name):
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()

def known_env(module):
    names = set()
    p, _ = props(module)
    for key, value in p.items():
        names.add(env_form(re.sub(r"^%\w+\.", "", key)))
        names.update(re.findall(r"\$\{([A-Z0-9_]+)", value))
    libs = glob.glob(os.path.join(ROOT, "libs/*/src/main/java/**/*.java"), recursive=True)
    for java in glob.glob(os.path.join(ROOT, module, "src/main/java/**/*.java"), recursive=True) + libs:
        text = open(java).read()
        for prop in re.findall(r'@ConfigProperty\(name = "([^"]+)"', text):
            names.add(env_form(prop))
        m = re.search(r'@ConfigMapping\(prefix = "([^"]+)"\)', text)
        if not m:
            continue
        prefix = m.group(1)
        methods = re.findall(r"^\s+(?:[\w<>, .]+)\s+(\w+)\(\);", text, re.M)
        groups = re.findall(r"^\s+([A-Z]\w*)\s+(\w+)\(\);", text, re.M)
        nested = set(re.findall(r"interface (\w+)", text))
        for method in methods:
            names.add(env_form(f"{prefix}.{kebab(method)}"))
            for gtype, group in groups:
                if gtype in nested:
                    names.add(env_form(f"{prefix}.{kebab(group)}.{kebab(method)}"))
    return names

KNOWN_ENV = {name: known_env(name) for name in SERVICES}
# read by the container image (run-java.sh) or the JVM's libraries, not by the application's config
RUNTIME_ENV = {"JAVA_MAX_MEM_RATIO", "JAVA_OPTS_APPEND", "XDG_CONFIG_HOME"}

def env_known(module, name):
    return name in RUNTIME_ENV or name.startswith("QUARKUS_") or name in KNOWN_ENV.get(module, set())

# ---------------------------------------------------------------- the rendered overlays
OPERATOR_SECRETS = {"metagov-pg-app": {"username", "password", "host", "port", "dbname", "uri", "jdbc-uri"}}

def env_value(container, name):
    for e in container.get("env", []):
        if e["name"] == name:
            return e.get("value")
    return None

def selects(selector, labels):
    for k, v in selector.get("matchLabels", {}).items():
        if labels.get(k) != v:
            return False
    for expr in selector.get("matchExpressions", []):
        have = labels.get(expr["key"])
        if expr["operator"] == "In" and have not in expr["values"]:
            return False
        if expr["operator"] == "NotIn" and have in expr["values"]:
            return False
        if expr["operator"] == "Exists" and have is None:
            return False
    return True

def validate(target, path):
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    T = f"[{target}]"
    configmaps = {n: set((d.get("data") or {}).keys()) for n, d in by_kind.get("ConfigMap", {}).items()}
    secrets = {n: set((d.get("data") or {}).keys()) | set((d.get("stringData") or {}).keys())
               for n, d in by_kind.get("Secret", {}).items()}
    secrets.update(OPERATOR_SECRETS)
    for n, d in by_kind.get("Secret", {}).items():
        import base64
        for k, v in (d.get("data") or {}).items():
            text = base64.b64decode(v).decode("utf-8", "replace")
            if "CHANGE-ME" in text or "REPLACE_ME" in text:
                warn(f"{T} Secret {n} key {k} holds a placeholder: replace it before a real deployment")

    workloads = {}
    for kind in ("Deployment", "StatefulSet"):
        for n, d in by_kind.get(kind, {}).items():
            workloads[n] = (kind, d)
    for name in SERVICES:
        check(name in workloads, f"{T} no Deployment/StatefulSet {name}")

    # Kafka and PostgreSQL as the operators will name them
    kafka = next(iter(by_kind.get("Kafka", {}).values()), None)
    bootstrap = None
    if check(kafka is not None, f"{T} no Kafka resource"):
        plain = [l for l in kafka["spec"]["kafka"]["listeners"] if not l.get("tls")]
        if check(plain, f"{T} Kafka has no plain listener"):
            bootstrap = f"{kafka['metadata']['name']}-kafka-bootstrap:{plain[0]['port']}"
        check(str(kafka["spec"]["kafka"].get("config", {}).get("auto.create.topics.enable")).lower() == "false",
              f"{T} Kafka should not auto-create topics (KafkaTopic resources own them)")
        pools = [p for p in by_kind.get("KafkaNodePool", {}).values()
                 if p["metadata"]["labels"].get("strimzi.io/cluster") == kafka["metadata"]["name"]]
        check(pools, f"{T} no KafkaNodePool for Kafka {kafka['metadata']['name']}")
        brokers = sum(p["spec"]["replicas"] for p in pools if "broker" in p["spec"]["roles"])
        min_isr = int(kafka["spec"]["kafka"].get("config", {}).get("min.insync.replicas", 1))
        for n, t in by_kind.get("KafkaTopic", {}).items():
            check(t["spec"]["replicas"] <= brokers, f"{T} KafkaTopic {n}: {t['spec']['replicas']} replicas > {brokers} brokers")
            check(t["spec"]["replicas"] >= min_isr, f"{T} KafkaTopic {n}: replicas below min.insync.replicas {min_isr}")
    topics = {t["spec"].get("topicName", n): t for n, t in by_kind.get("KafkaTopic", {}).items()}
    for topic, t in topics.items():
        check(t["metadata"]["labels"].get("strimzi.io/cluster") == (kafka or {}).get("metadata", {}).get("name"),
              f"{T} KafkaTopic {topic}: strimzi.io/cluster label does not name the Kafka cluster")
    check(len(topics) >= 16, f"{T} only {len(topics)} KafkaTopics rendered")

    pg = next(iter(by_kind.get("Cluster", {}).values()), None)
    databases = {}
    if check(pg is not None, f"{T} no CloudNativePG Cluster"):
        initdb = pg["spec"].get("bootstrap", {}).get("initdb", {})
        databases[initdb.get("database", "app")] = (initdb.get("owner", "app"), "metagov-pg-app")
        roles = {r["name"]: r.get("passwordSecret", {}).get("name") for r in pg["spec"].get("managed", {}).get("roles", [])}
        for n, db in by_kind.get("Database", {}).items():
            check(db["spec"]["cluster"]["name"] == pg["metadata"]["name"], f"{T} Database {n} names another cluster")
            owner = db["spec"]["owner"]
            check(owner in roles, f"{T} Database {n}: owner {owner} is not a managed role")
            databases[db["spec"]["name"]] = (owner, roles.get(owner))
        for role, secret in roles.items():
            if check(secret in secrets, f"{T} managed role {role}: Secret {secret} is not rendered"):
                s = by_kind["Secret"][secret]
                import base64
                check(s.get("type") == "kubernetes.io/basic-auth", f"{T} Secret {secret} should be kubernetes.io/basic-auth")
                user = base64.b64decode(s["data"].get("username", "")).decode()
                check(user == role, f"{T} Secret {secret}: username {user!r} is not the role {role!r}")

    # the overlay's images: entries took effect (kustomize silently ignores a name that matches nothing)
    kfile = os.path.join(K8S, "base" if target == "base" else f"overlays/{target}", "kustomization.yaml")
    rendered_images = {c["image"] for _, d in workloads.values() for c in d["spec"]["template"]["spec"]["containers"]}
    for entry in (yaml.safe_load(open(kfile)) or {}).get("images", []):
        want = entry.get("newName", entry["name"]) + (f":{entry['newTag']}" if "newTag" in entry else "")
        if "digest" in entry:
            want = entry.get("newName", entry["name"]) + "@" + entry["digest"]
        check(any(i == want or (":" not in want.split("/")[-1] and i.startswith(want + ":")) for i in rendered_images),
              f"{T} images: entry {entry['name']} matches no container image (rendered: {sorted(rendered_images)})")

    services = by_kind.get("Service", {})
    for name, (kind, d) in workloads.items():
        W = f"{T} {kind} {name}"
        pod = d["spec"]["template"]
        labels, spec = pod["metadata"].get("labels", {}), pod["spec"]
        check(selects(d["spec"]["selector"], labels), f"{W}: selector does not match its pod labels")
        want_port, database = SERVICES.get(name, (None, None))
        sc = spec.get("securityContext", {})
        check(sc.get("runAsNonRoot") is True, f"{W}: runAsNonRoot is not true")
        check(sc.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{W}: seccompProfile is not RuntimeDefault")
        check(spec.get("automountServiceAccountToken") is False, f"{W}: the service account token is mounted")
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        claims = {c["metadata"]["name"] for c in d["spec"].get("volumeClaimTemplates", [])}
        for c in spec["containers"]:
            C = f"{W} container {c['name']}"
            csc = c.get("securityContext", {})
            check(csc.get("readOnlyRootFilesystem") is True, f"{C}: readOnlyRootFilesystem is not true")
            check(csc.get("allowPrivilegeEscalation") is False, f"{C}: allowPrivilegeEscalation is not false")
            check("ALL" in csc.get("capabilities", {}).get("drop", []), f"{C}: capabilities not dropped")
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
            check("/tmp" in mounts and "emptyDir" in volumes.get(mounts["/tmp"], {}), f"{C}: no emptyDir at /tmp")
            for m in c.get("volumeMounts", []):
                check(m["name"] in volumes or m["name"] in claims, f"{C}: mounts unknown volume {m['name']}")
            res = c.get("resources", {})
            check(res.get("requests", {}).get("memory") and res.get("limits", {}).get("memory"),
                  f"{C}: memory request and limit must be set")
            check(res.get("requests", {}).get("cpu"), f"{C}: no cpu request")
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            check(ports.get("http") == want_port, f"{C}: port http is {ports.get('http')}, expected {want_port}")
            check(env_value(c, "QUARKUS_HTTP_PORT") == str(want_port), f"{C}: QUARKUS_HTTP_PORT is not {want_port}")
            ann = pod["metadata"].get("annotations", {})
            check(ann.get("prometheus.io/port") == str(want_port) and ann.get("prometheus.io/path") == "/q/metrics",
                  f"{C}: prometheus.io annotations do not point at {want_port}/q/metrics")
            for probe, path in (("startupProbe", "/q/health/started"), ("readinessProbe", "/q/health/ready"),
                                ("livenessProbe", "/q/health/live")):
                get = c.get(probe, {}).get("httpGet", {})
                check(get.get("path") == path and get.get("port") in ports, f"{C}: {probe} is not GET {path} on a declared port")
            # every reference to a ConfigMap or Secret resolves
            for src in c.get("envFrom", []):
                if "configMapRef" in src:
                    check(src["configMapRef"]["name"] in configmaps, f"{C}: envFrom ConfigMap {src['configMapRef']['name']} is not rendered")
                if "secretRef" in src:
                    check(src["secretRef"]["name"] in secrets, f"{C}: envFrom Secret {src['secretRef']['name']} is not rendered")
            env_names = [e["name"] for e in c.get("env", [])]
            check(len(env_names) == len(set(env_names)), f"{C}: duplicate env names")
            for env in env_names:
                check(env_known(name, env), f"{C}: env {env} matches no property, placeholder or @ConfigMapping of {name}")
            for e in c.get("env", []):
                ref = e.get("valueFrom", {})
                if "secretKeyRef" in ref:
                    s = ref["secretKeyRef"]
                    # optional: a Secret the operator creates (never committed), e.g. the gateway's signing key
                    check(s.get("optional") is True or (s["name"] in secrets and s["key"] in secrets[s["name"]]),
                          f"{C}: env {e['name']}: Secret {s['name']} key {s['key']} is not rendered")
                if "configMapKeyRef" in ref:
                    s = ref["configMapKeyRef"]
                    check(s["name"] in configmaps and s["key"] in configmaps[s["name"]], f"{C}: env {e['name']}: ConfigMap {s['name']} key {s['key']} is not rendered")
            # Kafka clients find the Strimzi bootstrap Service; the metastore needs no Kafka
            uses_config = any(src.get("configMapRef") for src in c.get("envFrom", []))
            if name != "metastore-service":
                check(uses_config, f"{C}: does not read the shared ConfigMap")
            # datasource: the -rw Service of the Cluster, an existing database, its owner's credentials
            if database:
                for key, prefix in (("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://"), ("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://")):
                    url = env_value(c, key) or ""
                    want = f"{prefix}{pg['metadata']['name']}-rw:5432/{database}" if pg else None
                    check(url == want, f"{C}: {key} is {url!r}, expected {want!r}")
                check(database in databases, f"{C}: database {database} is created by neither the Cluster nor a Database")
                user_ref = next((e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", [])
                                 if e["name"] == "QUARKUS_DATASOURCE_USERNAME" and "valueFrom" in e), None)
                pass_ref = next((e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", [])
                                 if e["name"] == "QUARKUS_DATASOURCE_PASSWORD" and "valueFrom" in e), None)
                owner_secret = databases.get(database, (None, None))[1]
                check(user_ref == owner_secret and pass_ref == owner_secret,
                      f"{C}: credentials from {user_ref}/{pass_ref}, but database {database}'s owner is in {owner_secret}")
            if name == "gateway-service":
                for key, svc in (("COMMUNITY_SERVICE_URL", "community-service"), ("PROCESS_SERVICE_URL", "process-service")):
                    want = f"http://{svc}:{SERVICES[svc][0]}"
                    check(env_value(c, key) == want, f"{C}: {key} is {env_value(c, key)!r}, expected {want!r}")
        # a Service that selects exactly this workload, on the same port
        svc = services.get(name)
        if check(svc is not None, f"{W}: no Service {name}"):
            check(selects({"matchLabels": svc["spec"]["selector"]}, labels), f"{W}: Service {name} does not select its pods")
            sp = svc["spec"]["ports"][0]
            check(sp["port"] == want_port and sp["targetPort"] in ("http", want_port), f"{W}: Service {name} port {sp} is not {want_port}/http")
        if kind == "StatefulSet":
            check(d["spec"]["serviceName"] in services, f"{W}: governing Service {d['spec']['serviceName']} is not rendered")
            check(d["spec"]["replicas"] == 1, f"{W}: the git backend supports one replica only")

    cm = by_kind.get("ConfigMap", {})
    shared = next((d for n, d in cm.items() if n.startswith("metagov-config")), None)
    if check(shared is not None, f"{T} no metagov-config ConfigMap"):
        check(shared["data"].get("KAFKA_BOOTSTRAP_SERVERS") == bootstrap,
              f"{T} KAFKA_BOOTSTRAP_SERVERS is {shared['data'].get('KAFKA_BOOTSTRAP_SERVERS')!r}, Strimzi's bootstrap is {bootstrap!r}")
        for key in ("METAGOV_TOPICS_CREATE",):
            check(shared["data"].get(key) == "false", f"{T} {key} should be false (Strimzi owns the topics)")
        for key in shared["data"]:
            check(any(env_known(m, key) for m in SERVICES if m != "metastore-service"),
                  f"{T} metagov-config key {key} is read by no service")
        if not shared["data"].get("DRIVER_EVENT_RECEIVER_URL"):
            warn(f"{T} DRIVER_EVENT_RECEIVER_URL is empty: driver events will wait in Kafka")

    pods = {n: d["spec"]["template"]["metadata"].get("labels", {}) for n, (_, d) in workloads.items()}
    for n, pdb in by_kind.get("PodDisruptionBudget", {}).items():
        check(any(selects(pdb["spec"]["selector"], l) for l in pods.values()), f"{T} PodDisruptionBudget {n} selects no pods")
    for n, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
        ref = hpa["spec"]["scaleTargetRef"]
        check(ref["name"] in workloads and workloads[ref["name"]][0] == ref["kind"], f"{T} HPA {n} targets a missing {ref['kind']} {ref['name']}")
        check("replicas" not in workloads.get(ref["name"], ("", {"spec": {}}))[1]["spec"],
              f"{T} Deployment {ref['name']} sets replicas although HPA {n} owns them")
        if ref["name"] == "plugin-runner-service" and "action-requests" in topics:
            parts = topics["action-requests"]["spec"]["partitions"]
            check(hpa["spec"]["maxReplicas"] <= parts, f"{T} HPA {n}: maxReplicas {hpa['spec']['maxReplicas']} > action-requests partitions {parts}")
    for n, np in by_kind.get("NetworkPolicy", {}).items():
        sel = np["spec"]["podSelector"]
        if sel:
            known = any(selects(sel, l) for l in pods.values()) or "cnpg.io/cluster" in sel.get("matchLabels", {})
            check(known, f"{T} NetworkPolicy {n} selects no pods")
        for expr in sel.get("matchExpressions", []):
            if expr["key"] == "app.kubernetes.io/name":
                for v in expr["values"]:
                    check(v in workloads, f"{T} NetworkPolicy {n} names unknown workload {v}")
        for rule in np["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                for expr in peer.get("podSelector", {}).get("matchExpressions", []):
                    if expr["key"] == "app.kubernetes.io/name":
                        for v in expr["values"]:
                            check(v in workloads, f"{T} NetworkPolicy {n} admits unknown workload {v}")
                name = peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name")
                if name and not peer.get("namespaceSelector"):
                    check(name in workloads, f"{T} NetworkPolicy {n} admits unknown workload {name}")
    if kafka:
        for l in kafka["spec"]["kafka"]["listeners"]:
            for peer in l.get("networkPolicyPeers", []):
                for expr in peer.get("podSelector", {}).get("matchExpressions", []):
                    for v in expr["values"]:
                        check(v in workloads, f"{T} Kafka listener {l['name']} admits unknown workload {v}")
            admitted = [w for w, lab in pods.items() if any(selects(p.get("podSelector", {}), lab) for p in l.get("networkPolicyPeers", []))]
            for w in SERVICES:
                if w != "metastore-service":
                    check(w in admitted or not l.get("networkPolicyPeers"), f"{T} Kafka listener {l['name']} does not admit {w}")
    for n, ing in by_kind.get("Ingress", {}).items():
        for rule in ing["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                b = p["backend"]["service"]
                svc = services.get(b["name"])
                if check(svc is not None, f"{T} Ingress {n} routes to missing Service {b['name']}"):
                    names = {sp.get("name") for sp in svc["spec"]["ports"]}
                    nums = {sp["port"] for sp in svc["spec"]["ports"]}
                    check(b["port"].get("name") in names or b["port"].get("number") in nums,
                          f"{T} Ingress {n}: Service {b['name']} has no port {b['port']}")
                check(not p["path"].startswith("/q/health") and not p["path"].startswith("/q/metrics"),
                      f"{T} Ingress {n} exposes {p['path']}")

if RENDERED:
    pm_out = os.path.join(WORK, "render-overlays-with-podmonitor.yaml")
    if check(not os.path.exists(pm_out + ".failed"), "[components/podmonitor] does not render on the base"):
        docs = [d for d in yaml.safe_load_all(open(pm_out)) if d]
        # the services' PodMonitor; Kafka, its exporter and PostgreSQL have their own
        monitors = [d for d in docs if d["kind"] == "PodMonitor" and d["metadata"]["name"] == "metagov"]
        if check(len(monitors) == 1, "[components/podmonitor] renders no PodMonitor metagov"):
            names = monitors[0]["spec"]["selector"]["matchExpressions"][0]["values"]
            check(sorted(names) == sorted(SERVICES), "[components/podmonitor] does not select exactly the six services")
            check(monitors[0]["spec"]["podMetricsEndpoints"][0]["path"] == "/q/metrics", "[components/podmonitor] path")
    for target in ("base", "overlays-dev", "overlays-prod"):
        out = os.path.join(WORK, f"render-{target}.yaml")
        if check(not os.path.exists(out + ".failed"), f"[{target}] does not render: "
                 + (open(out + ".failed").read().strip() if os.path.exists(out + ".failed") else "")):
            validate(target.replace("overlays-", ""), out)

for w in warnings:
    print(f"warning: {w}")
for f in failed:
    print(f"FAIL: {f}")
print(f"validate: {passed} passed, {len(failed)} failed, {len(warnings)} warnings"
      + ("" if RENDERED else " (rendered checks skipped)"))
sys.exit(1 if failed else 0)
