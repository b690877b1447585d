/* bench/bench-fix-qf.cpp: make bench.  The figures of bench-fix.c, the
 * same work done by QuickFIX 1.15 for comparison:
 *
 *   bench-fix-qf FIX44.xml DIR
 *
 * DIR holds the messages bench-fix wrote (bench-fix --write DIR): er.fix
 * (an ExecutionReport of 22 fields), md.fix (a MarketDataSnapshotFull-
 * Refresh of ten entries) and nos.fix (the NewOrderSingle bench-fix
 * builds).  For each of the first two: frame it with FIX::Parser, make a
 * FIX::Message of it with the data dictionary (which checks BodyLength
 * and CheckSum and reads the groups), then DataDictionary::validate() it,
 * as a QuickFIX Session does with what it receives.  Then build the same
 * NewOrderSingle as bench-fix does, FIX44::NewOrderSingle with two
 * parties, to its string.  Figures, one a line, worded as bench-fix's
 * with "quickfix" in front; nothing is asserted here. */
#include <quickfix/DataDictionary.h>
#include <quickfix/Exceptions.h>
#include <quickfix/Message.h>
#include <quickfix/Parser.h>
#include <quickfix/fix44/NewOrderSingle.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

const int nparse = 200000;
const int nbuild = 200000;

double
now_s()
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

std::string
slurp(const std::string &path)
{
	std::ifstream in(path.c_str(), std::ios::binary);
	std::ostringstream s;

	if (!in) {
		fprintf(stderr, "bench-fix-qf: cannot read %s\n", path.c_str());
		exit(1);
	}
	s << in.rdbuf();
	return s.str();
}

/* Frame, parse and validate MSG N times. */
void
bench_parse(const FIX::DataDictionary &dd, const char *what,
    const std::string &msg)
{
	FIX::Parser parser;
	std::string framed;
	size_t	nfields = 0;
	double	t0, t;

	t0 = now_s();
	try {
		for (int i = 0; i < nparse; i++) {
			parser.addToStream(msg);
			if (!parser.readFixMessage(framed)) {
				fprintf(stderr, "bench-fix-qf: %s does not "
				    "frame\n", what);
				exit(1);
			}
			FIX::Message m(framed, dd, true);
			dd.validate(m);
			if (i == 0)
				nfields = m.getHeader().totalFields() +
				    m.totalFields() +
				    m.getTrailer().totalFields();
		}
	} catch (const FIX::Exception &e) {
		fprintf(stderr, "bench-fix-qf: %s does not pass: %s\n", what,
		    e.what());
		exit(1);
	}
	t = now_s() - t0;
	printf("quickfix frame+parse+validate %s (%zu bytes, %zu fields): "
	    "%.0f msg/s\n", what, msg.size(), nfields, nparse / t);
}

/* bench-fix.c's build_nos(), with QuickFIX. */
size_t
build_nos(std::string &out, int seq)
{
	FIX44::NewOrderSingle m;
	FIX44::NewOrderSingle::NoPartyIDs p;
	time_t	ms = (time_t)1796653801300LL + seq;
	FIX::UtcTimeStamp ts(ms / 1000, (int)(ms % 1000), 3);
	FIX::Header &h = m.getHeader();

	h.setField(FIX::SenderCompID("CLIENT"));
	h.setField(FIX::TargetCompID("BROKER"));
	h.setField(FIX::MsgSeqNum(seq));
	h.setField(FIX::SendingTime(ts, 3));
	m.set(FIX::ClOrdID("ORD-000001"));
	m.set(FIX::Account("ACC1"));
	p.set(FIX::PartyID("TRADER1"));
	p.set(FIX::PartyIDSource('D'));
	p.set(FIX::PartyRole(11));
	m.addGroup(p);
	p.set(FIX::PartyID("DESK9"));
	p.set(FIX::PartyIDSource('D'));
	p.set(FIX::PartyRole(12));
	m.addGroup(p);
	m.set(FIX::Symbol("ACME"));
	m.set(FIX::Side('1'));
	m.set(FIX::TransactTime(ts, 3));
	m.set(FIX::OrderQty(200));
	m.set(FIX::OrdType('2'));
	m.set(FIX::Price(10.05));
	m.set(FIX::TimeInForce('0'));
	m.toString(out);
	return out.size();
}

} // namespace

int
main(int argc, char **argv)
{
	std::string er, md, nos, out;
	double	t0, t;
	size_t	len = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: bench-fix-qf FIX44.xml DIR\n");
		return 2;
	}
	er = slurp(std::string(argv[2]) + "/er.fix");
	md = slurp(std::string(argv[2]) + "/md.fix");
	nos = slurp(std::string(argv[2]) + "/nos.fix");
	try {
		t0 = now_s();
		FIX::DataDictionary dd(argv[1]);
		printf("quickfix dictionary load: %.1f ms\n",
		    (now_s() - t0) * 1e3);
		bench_parse(dd, "ExecutionReport", er);
		bench_parse(dd, "MarketDataSnapshot", md);
	} catch (const FIX::Exception &e) {
		fprintf(stderr, "bench-fix-qf: %s: %s\n", argv[1], e.what());
		return 1;
	}
	build_nos(out, 1);
	if (out.size() != nos.size())
		fprintf(stderr, "bench-fix-qf: QuickFIX's NewOrderSingle is "
		    "%zu bytes, bench-fix's %zu\n", out.size(), nos.size());
	t0 = now_s();
	for (int i = 0; i < nbuild; i++)
		len += build_nos(out, i);
	t = now_s() - t0;
	printf("quickfix build NewOrderSingle (%zu bytes): %.0f msg/s\n",
	    len / nbuild, nbuild / t);
	return 0;
}
