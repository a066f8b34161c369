// The fabric driver contract on real network namespaces (root needed; skips with a reason otherwise).
import { defineDriverContract } from '../driver-contract.ts';

defineDriverContract('netns');
