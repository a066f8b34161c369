// The fabric driver contract on hosts containerlab deploys (skips with a reason when the
// containerlab CLI or Docker is missing).
import { defineDriverContract } from '../driver-contract.ts';

defineDriverContract('containerlab');
