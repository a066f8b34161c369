// The fabric driver contract on real Docker containers (builds the host image first if missing).
import { defineDriverContract } from '../driver-contract.ts';

defineDriverContract('docker');
