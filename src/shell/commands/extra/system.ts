/**
 * System tools no chapter uses, in the chunk fetched when a line needs one (../deferred.ts):
 * net-tools hostname, coreutils date and vmtouch. Output formats were copied from the real tools.
 */
import type { CommandFn } from '../../context';
import { fail, lq, MONTHS, parseOpts } from '../util';
import { DAYS, sizeToHuman } from '../system';

/** net-tools hostname's usage text (hostname.c usage()). */
const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** `hostname [-s|-f|-i]`: the host's name, or its address with -i (net-tools hostname). */
export const hostname: CommandFn = (ctx) => {
	const args = ctx.argv.slice(1);
	const flag = args.find((a) => a.startsWith('-'));
	if (flag !== undefined && !/^-(s|f|a|A|d|i|I|y|-short|-fqdn|-long|-ip-address)$/.test(flag)) {
		// The complaint goes to standard error, the usage to standard output.
		ctx.err(`hostname: invalid option -- '${flag.slice(1, 2)}'\n`);
		ctx.out(HOSTNAME_USAGE);
		return 255;
	}
	if (flag === undefined && args.length > 0) {
		// Setting the name needs sethostname(2), which the simulated kernel does not have.
		// A real root shell would succeed; an invented errno would mislead, so say what is missing.
		ctx.err('[simulation: setting the host name (sethostname) is not modelled]\n');
		return 1;
	}
	const st = ctx.host.state();
	if (flag === '-i' || flag === '-I' || flag === '--ip-address') ctx.out(`${st.address}\n`);
	else if (flag === '-d' || flag === '-y' || flag === '-a') ctx.out('\n');
	else ctx.out(`${ctx.host.name}\n`);
	return 0;
};

const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LONG_MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];

/**
 * strftime(3) in the C locale and UTC (the hosts have no /etc/localtime), for the conversions
 * date(1) documents; `ns` is the nanoseconds within the second (%N). Unknown ones print as
 * written, as glibc does.
 */
function strftime(format: string, d: Date, ns: number): string {
	const pad = (n: number, w = 2, c = '0'): string => String(n).padStart(w, c);
	const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
	const yday = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
	return format.replace(/%([%aAbBcCdDeFhHIjklmMnNpRsStTuwxXyYzZ])/g, (_m, c: string) => {
		switch (c) {
			case '%':
				return '%';
			case 'a':
				return DAYS[d.getUTCDay()] ?? '';
			case 'A':
				return LONG_DAYS[d.getUTCDay()] ?? '';
			case 'b':
			case 'h':
				return MONTHS[d.getUTCMonth()] ?? '';
			case 'B':
				return LONG_MONTHS[d.getUTCMonth()] ?? '';
			case 'c':
				return strftime('%a %b %e %H:%M:%S %Y', d, ns);
			case 'C':
				return pad(Math.floor(d.getUTCFullYear() / 100));
			case 'd':
				return pad(d.getUTCDate());
			case 'D':
			case 'x':
				return strftime('%m/%d/%y', d, ns);
			case 'e':
				return pad(d.getUTCDate(), 2, ' ');
			case 'F':
				return strftime('%Y-%m-%d', d, ns);
			case 'H':
				return pad(d.getUTCHours());
			case 'I':
				return pad(hour12);
			case 'j':
				return pad(yday, 3);
			case 'k':
				return pad(d.getUTCHours(), 2, ' ');
			case 'l':
				return pad(hour12, 2, ' ');
			case 'm':
				return pad(d.getUTCMonth() + 1);
			case 'M':
				return pad(d.getUTCMinutes());
			case 'n':
				return '\n';
			case 'N':
				return pad(ns, 9);
			case 'p':
				return d.getUTCHours() < 12 ? 'AM' : 'PM';
			case 'R':
				return strftime('%H:%M', d, ns);
			case 's':
				return String(Math.floor(d.getTime() / 1000));
			case 'S':
				return pad(d.getUTCSeconds());
			case 't':
				return '\t';
			case 'T':
			case 'X':
				return strftime('%H:%M:%S', d, ns);
			case 'u':
				return String(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
			case 'w':
				return String(d.getUTCDay());
			case 'y':
				return pad(d.getUTCFullYear() % 100);
			case 'Y':
				return String(d.getUTCFullYear());
			case 'z':
				return '+0000';
			default:
				return 'UTC';
		}
	});
}

/**
 * `date [-u] [-R] [-I] [+FORMAT]` (coreutils 9.1; -I takes no TIMESPEC here): the wall clock, by default as
 * `Thu Mar 15 09:00:00 UTC 2018` (the C locale's `%a %b %e %H:%M:%S %Z %Y`).
 */
export const date: CommandFn = (ctx) => {
	const opts = parseOpts(ctx, 'date', [
		{ short: 'u', long: 'utc' },
		{ long: 'universal', key: 'utc' },
		{ short: 'R', long: 'rfc-email' },
		{ short: 'I', long: 'iso-8601' },
		{ short: 'd', long: 'date', arg: true },
		{ short: 's', long: 'set', arg: true },
	]);
	if (!opts) return 1;
	if (opts.opts.has('date') || opts.opts.has('set')) {
		ctx.err('[simulation: date -d and date -s are not modelled; date prints the clock]\n');
		return 1;
	}
	const formats = opts.operands.filter((a) => a.startsWith('+'));
	const others = opts.operands.filter((a) => !a.startsWith('+'));
	if (others.length > 0) {
		// An operand without + would set the clock (settimeofday), which is not modelled.
		ctx.err('[simulation: setting the clock (settimeofday) is not modelled]\n');
		return 1;
	}
	if (formats.length > 1) {
		ctx.err(
			`date: extra operand ${lq(formats[1] ?? '')}\nTry 'date --help' for more information.\n`,
		);
		return 1;
	}
	const ms = ctx.host.wallClockMs();
	const d = new Date(ms);
	// The simulated clock has millisecond steps; %N shows them as nanoseconds.
	const ns = (ms % 1000) * 1e6;
	let format = '%a %b %e %H:%M:%S %Z %Y';
	if (opts.opts.has('rfc-email')) format = '%a, %d %b %Y %H:%M:%S %z';
	if (opts.opts.has('iso-8601')) format = '%Y-%m-%d';
	if (formats[0] !== undefined) format = formats[0].slice(1);
	ctx.out(`${strftime(format, d, ns)}\n`);
	return 0;
};

/** `vmtouch FILE…`: the same residency in vmtouch's words. */
export const vmtouch: CommandFn = (ctx) => {
	const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
	if (files.length === 0) {
		ctx.err('vmtouch: no files or directories specified\n');
		return 1;
	}
	let total = 0;
	let resident = 0;
	let status = 0;
	for (const f of files) {
		const r = ctx.host.fincore(ctx.pid, f);
		if (!r.ok) {
			fail(ctx, 'vmtouch', f, r.errno);
			status = 1;
			continue;
		}
		total += r.value.pages;
		resident += r.value.resident.length;
	}
	const pct = total === 0 ? 0 : (resident * 100) / total;
	ctx.out(
		`           Files: ${files.length}\n     Directories: 0\n  Resident Pages: ${resident}/${total}  ${sizeToHuman(resident * 4096)}/${sizeToHuman(total * 4096)}  ${pct.toFixed(pct === 100 || pct === 0 ? 0 : 3)}%\n         Elapsed: 0.000151 seconds\n`,
	);
	return status;
};
