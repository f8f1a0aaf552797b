import { pino } from "pino";
import { runDoctorCommand } from "./src/cli/run-doctor-command.ts";
const code = await runDoctorCommand({ json: process.argv.includes("--json") }, process.env, pino({ level: "warn" }, pino.destination(2)));
console.log("exit", code);
