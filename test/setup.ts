// Vitest setup: freeze every stored object so that code editing one in place fails loudly.
import { devFlags } from '../src/engine/sim/dev';

devFlags.freezeObjects = true;
