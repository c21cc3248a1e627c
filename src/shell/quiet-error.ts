/**
 * An error that unwinds the shell's own control flow: a usage error, a syntax error, a bad
 * arithmetic expression. Its message is what the reader sees and nobody reads its stack, so
 * none is collected: V8 captures the stack when an Error is made, and on a mistyped option
 * that capture cost more than running the command.
 */
export class QuietError extends Error {
	constructor(message?: string) {
		const errorClass = Error as { stackTraceLimit?: number };
		const limit = errorClass.stackTraceLimit;
		errorClass.stackTraceLimit = 0;
		super(message);
		errorClass.stackTraceLimit = limit;
	}
}
