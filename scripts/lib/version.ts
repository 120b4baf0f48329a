import pkg from '../../package.json' with { type: 'json' };

/** Written into every output as its generator, e.g. `paiban 0.1.0`. */
export const GENERATOR = `paiban ${pkg.version}`;
