// The one module over dockerode: every Docker Engine call gameday makes goes through here.
// Containers and networks are found by label, never by name, so `down` removes exactly what
// a project started, even when the gameday process that started it was SIGKILLed.
import { createRequire } from 'node:module';
import type Docker from 'dockerode';
import { TopologyError } from '../errors.js';

// Loaded when an engine is first needed, not at start-up: most commands never talk to Docker.
const require = createRequire(import.meta.url);
const loadDockerode = () => require('dockerode') as typeof Docker;

export const PROJECT_LABEL = 'gameday.project';
/** On an image: the path of the libfaketime it carries (the clock-skew fault). */
export const LIBFAKETIME_LABEL = 'gameday.libfaketime';
const COMPOSE_PROJECT = 'com.docker.compose.project';
const COMPOSE_SERVICE = 'com.docker.compose.service';

/** What gameday needs to know about one container. */
export interface ContainerInfo {
  id: string;
  service: string;
  /** running, paused, exited, created, ... (Docker's State.Status). */
  status: string;
  /** healthy, unhealthy, starting, or undefined without a healthcheck. */
  health?: string;
  /** Container port (`8474/tcp`) → host port it is published on. */
  ports: Record<string, number>;
  /** The container's labels, its image's included. */
  labels: Record<string, string>;
}

export class DockerEngine {
  private readonly docker: Docker;

  /** `host` is a DOCKER_HOST-style address; default: the environment's engine. */
  constructor(host?: string) {
    const Dockerode = loadDockerode();
    this.docker = host ? new Dockerode(dockerodeOptions(host)) : new Dockerode();
  }

  /** True when an engine answers within timeoutMs. */
  async available(timeoutMs = 2000): Promise<boolean> {
    const timeout = new Promise<false>((resolve) =>
      setTimeout(() => resolve(false), timeoutMs).unref(),
    );
    const ping = this.docker.ping().then(
      () => true as const,
      () => false as const,
    );
    return Promise.race([ping, timeout]);
  }

  async version(): Promise<string> {
    return (await this.docker.version()).Version;
  }

  async imagePresent(tag: string): Promise<boolean> {
    try {
      await this.docker.getImage(tag).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /** One label of an image; undefined when the image is absent or lacks it. */
  async imageLabel(tag: string, label: string): Promise<string | undefined> {
    try {
      return (await this.docker.getImage(tag).inspect()).Config.Labels?.[label];
    } catch {
      return undefined;
    }
  }

  /** The containers of one compose project that carry our label, by service name. */
  async projectContainers(project: string): Promise<Record<string, ContainerInfo>> {
    const listed = await this.docker.listContainers({
      all: true,
      filters: { label: [`${PROJECT_LABEL}=${project}`] },
    });
    const entries = await Promise.all(listed.map((c) => this.inspect(c.Id)));
    return Object.fromEntries(entries.map((info) => [info.service, info]));
  }

  async inspect(id: string): Promise<ContainerInfo> {
    const c = await this.docker
      .getContainer(id)
      .inspect()
      .catch((err: unknown) => {
        throw engineError(`inspect container ${id}`, err);
      });
    const ports: Record<string, number> = {};
    for (const [port, bindings] of Object.entries(c.NetworkSettings.Ports ?? {})) {
      const hostPort = bindings?.[0]?.HostPort;
      if (hostPort) ports[port] = Number(hostPort);
    }
    const labels = c.Config.Labels ?? {};
    return {
      id: c.Id,
      service: labels[COMPOSE_SERVICE] ?? labels[COMPOSE_PROJECT] ?? c.Name,
      status: c.State.Status,
      health: c.State.Health?.Status,
      ports,
      labels,
    };
  }

  /** SIGKILL; a container that is not running is left alone (kill is idempotent). */
  async kill(id: string): Promise<void> {
    const { status } = await this.inspect(id);
    if (status === 'paused')
      await this.call('unpause before kill', () => this.docker.getContainer(id).unpause());
    if (status === 'running' || status === 'paused') {
      await this.call(
        `kill ${id}`,
        () => this.docker.getContainer(id).kill({ signal: 'SIGKILL' }),
        [304, 409],
      );
    }
  }

  /** SIGTERM, then SIGKILL after graceS seconds. */
  async stop(id: string, graceS = 5): Promise<void> {
    const { status } = await this.inspect(id);
    if (status === 'paused')
      await this.call('unpause before stop', () => this.docker.getContainer(id).unpause());
    await this.call(`stop ${id}`, () => this.docker.getContainer(id).stop({ t: graceS }), [304]);
  }

  async pause(id: string): Promise<void> {
    if ((await this.inspect(id)).status !== 'running') return;
    await this.call(`pause ${id}`, () => this.docker.getContainer(id).pause(), [409]);
  }

  async unpause(id: string): Promise<void> {
    await this.call(`unpause ${id}`, () => this.docker.getContainer(id).unpause(), [409]);
  }

  async start(id: string): Promise<void> {
    await this.call(`start ${id}`, () => this.docker.getContainer(id).start(), [304]);
  }

  /** The last lines of a container's output (for error messages), or all of it. */
  async logs(id: string, lines: number | 'all' = 20): Promise<string> {
    try {
      const buf = await this.docker
        .getContainer(id)
        .logs({ stdout: true, stderr: true, ...(lines === 'all' ? {} : { tail: lines }) });
      return demux(buf);
    } catch {
      return '';
    }
  }

  /** Force-removes every container, then every network, carrying `gameday.project=project`. */
  async removeProject(project: string): Promise<{ containers: number; networks: number }> {
    const filters = { label: [`${PROJECT_LABEL}=${project}`] };
    const containers = await this.docker.listContainers({ all: true, filters });
    await Promise.all(
      containers.map((c) =>
        this.call(
          `remove container ${c.Id}`,
          () => this.docker.getContainer(c.Id).remove({ force: true, v: true }),
          [404, 409],
        ),
      ),
    );
    const networks = await this.projectNetworks(project);
    for (const n of networks) {
      await this.call(
        `remove network ${n.Name}`,
        () => this.docker.getNetwork(n.Id).remove(),
        [404],
      );
    }
    return { containers: containers.length, networks: networks.length };
  }

  /** The images of a project's containers (tests check what really ran). */
  async projectImages(project: string): Promise<string[]> {
    const filters = { label: [`${PROJECT_LABEL}=${project}`] };
    const containers = await this.docker.listContainers({ all: true, filters });
    return containers.map((c) => c.Image);
  }

  /** Counts what still carries the label (tests assert 0 after `down`). */
  async labelled(project: string): Promise<{ containers: number; networks: number }> {
    const filters = { label: [`${PROJECT_LABEL}=${project}`] };
    const containers = await this.docker.listContainers({ all: true, filters });
    const networks = await this.projectNetworks(project);
    return { containers: containers.length, networks: networks.length };
  }

  /** Networks with our label, and those Compose created for the project from a user's file
   * (gameday's override labels the user's services, not their networks). */
  private async projectNetworks(project: string): Promise<Docker.NetworkInspectInfo[]> {
    const ours = await this.docker.listNetworks({
      filters: { label: [`${PROJECT_LABEL}=${project}`] },
    });
    const compose = await this.docker.listNetworks({
      filters: { label: [`${COMPOSE_PROJECT}=${project}`] },
    });
    const byId = new Map([...ours, ...compose].map((n) => [n.Id, n]));
    return [...byId.values()];
  }

  /** Runs a call; statuses in `harmless` (already stopped, already gone) are not errors. */
  private async call<T>(
    what: string,
    fn: () => Promise<T>,
    harmless: number[] = [],
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== undefined && harmless.includes(status)) return undefined;
      throw engineError(what, err);
    }
  }
}

function engineError(what: string, err: unknown): TopologyError {
  return new TopologyError(
    `Docker could not ${what}: ${(err as Error).message}`,
    'check the engine with `docker info`; `gameday down` removes what is left',
  );
}

/** DOCKER_HOST forms: unix:///path or tcp://host:port. */
function dockerodeOptions(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375) };
}

/** Docker multiplexes stdout/stderr of non-TTY containers into 8-byte-headed frames. */
function demux(buf: Buffer): string {
  const parts: string[] = [];
  for (let i = 0; i + 8 <= buf.length;) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size).toString('utf8'));
    i += 8 + size;
  }
  return parts.join('').trimEnd();
}
