/* tests/fix/qf-peer.cpp: a FIX 4.4 counterparty built on QuickFIX, an
 * engine apart from blotter's own, for the tests to talk to.
 *
 *   qf-peer broker --port P --sender ID --target ID --store DIR
 *           [--rest SYM]... [--reject SYM]... [--partial SYM]...
 *           [--dup-fills] [--dict PATH] [--memory]
 *   qf-peer client --port P [--host ADDR] --sender ID --target ID
 *           --store DIR [--heartbeat S] [--dict PATH]
 *
 * A broker is the acceptor a buy side's orders go to: it answers
 * NewOrderSingle, OrderCancelRequest, OrderCancelReplaceRequest and
 * OrderStatusRequest as a broker does (see the Broker class).  A client
 * is an initiator that sends the orders its standard input asks for
 * (see Client), to test a sell side.
 *
 * The FIX session is QuickFIX's own Session, with its FileStore and
 * FileLog in DIR (so a restarted peer resumes its sequence numbers) and
 * the data dictionary data/fix/FIX44.xml.  The socket is ours: QuickFIX
 * 1.15's SocketAcceptor listens on every address and cannot say which
 * port it took, while the tests want 127.0.0.1 only and a free port
 * found at run time.  So this file does what SocketAcceptor and
 * SocketConnection do (a Logon names the session, bytes are framed by
 * QuickFIX's Parser and handed to Session::next(), Session::next() runs
 * the timers) in one thread with poll().
 *
 * Standard output, one line each, flushed at once:
 *   READY PORT              listening (broker; PORT is the one taken,
 *                           useful with --port 0)
 *   LOGON / LOGOUT          the session logged on / off (or dropped)
 *   IN 35=D|11=..|...       an application message received
 *   OUT 35=8|17=..|...      one sent
 * with | for SOH, MsgType first, then PossDupFlag (43) and PossResend
 * (97) when set, then the body fields as QuickFIX orders them.  Errors
 * go to standard error.  SIGTERM or SIGINT logs out and exits 0.
 *
 * With --memory (for make bench), the broker keeps its session in memory
 * (QuickFIX's MemoryStore, no log) and prints no IN and OUT lines: what
 * it costs per order is then QuickFIX's engine, not its files.
 */
#include <quickfix/Application.h>
#include <quickfix/Dictionary.h>
#include <quickfix/FileLog.h>
#include <quickfix/FileStore.h>
#include <quickfix/MessageStore.h>
#include <quickfix/Parser.h>
#include <quickfix/Responder.h>
#include <quickfix/Session.h>
#include <quickfix/SessionFactory.h>
#include <quickfix/fix44/ExecutionReport.h>
#include <quickfix/fix44/NewOrderSingle.h>
#include <quickfix/fix44/OrderCancelReject.h>
#include <quickfix/fix44/OrderCancelReplaceRequest.h>
#include <quickfix/fix44/OrderCancelRequest.h>
#include <quickfix/fix44/OrderStatusRequest.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef QF_PEER_DICT
#define QF_PEER_DICT "data/fix/FIX44.xml"
#endif

namespace {

const char *prog = "qf-peer";
volatile sig_atomic_t stop_requested;

void
on_signal(int)
{
	stop_requested = 1;
}

[[noreturn]] void
die(const std::string &what)
{
	fprintf(stderr, "%s: %s\n", prog, what.c_str());
	exit(1);
}

long long
now_ms()
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One line on standard output, at once: the tests read it as it comes. */
void
say(const std::string &line)
{
	fputs(line.c_str(), stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

/* "IN 35=D|11=...|": M's type, its resend flags and its body. */
void
show(const char *dir, const FIX::Message &m)
{
	std::string raw = m.toString(), type, head, body;
	size_t	at = 0;

	while (at < raw.size()) {
		size_t	end = raw.find('\001', at), eq;
		std::string f = raw.substr(at, end - at);
		int	tag;

		at = end == std::string::npos ? raw.size() : end + 1;
		if ((eq = f.find('=')) == std::string::npos)
			continue;
		tag = atoi(f.c_str());
		if (tag == 35)
			type = f;
		else if (tag == 43 || tag == 97)
			head += f == std::to_string(tag) + "=Y" ? f + "|" : "";
		else if (tag != 8 && tag != 9 && tag != 10 &&
		    !FIX::Message::isHeaderField(tag))
			body += f + "|";
	}
	say(std::string(dir) + " " + type + "|" + head + body);
}

/* The value of field TAG of M's body, or "" when it has none. */
std::string
field(const FIX::Message &m, int tag)
{
	return m.isSetField(tag) ? m.getField(tag) : std::string();
}

double
number(const std::string &s)
{
	return s.empty() ? 0 : FIX::DoubleConvertor::convert(s);
}

/* ---- the connection: what SocketConnection does, without threads ---- */

class Link : public FIX::Responder {
public:
	int	fd = -1;
	bool	dropped = false;	/* the session hung up */
	FIX::Parser parser;

	bool
	send(const std::string &s) override
	{
		size_t	off = 0;

		while (fd >= 0 && off < s.size()) {
			ssize_t	n = ::send(fd, s.data() + off,
			    s.size() - off, MSG_NOSIGNAL);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return false;
			off += (size_t)n;
		}
		return fd >= 0;
	}

	void
	disconnect() override
	{
		dropped = true;
	}
};

/* The peer: one QuickFIX session over at most one connection at a time. */
class Peer : public FIX::Application {
public:
	FIX::SessionID id;
	FIX::Session *session = nullptr;
	Link	link;
	bool	attached = false;	/* link is the session's */
	bool	memory = false;		/* --memory */

	Peer(const std::string &sender, const std::string &target)
	    : id("FIX.4.4", sender, target) {}
	virtual ~Peer() {}

	/* Make the session from the settings; QuickFIX's store and log
	 * live in DIR. */
	void
	open(bool initiator, const std::string &dir, const std::string &dict,
	    int heartbeat)
	{
		FIX::Dictionary d;
		char	start[16], end[16];
		time_t	t = time(nullptr) - 12 * 3600, t1 = t - 1;
		struct tm tm;

		/* A QuickFIX session is at most a day, and a new one resets
		 * the numbers: with StartTime equal to EndTime at midnight.
		 * Ours started 12 hours ago and ends a second before the
		 * same time tomorrow, so a run over midnight is not reset
		 * and a peer restarted within 12 hours resumes. */
		gmtime_r(&t, &tm);
		strftime(start, sizeof start, "%H:%M:%S", &tm);
		gmtime_r(&t1, &tm);
		strftime(end, sizeof end, "%H:%M:%S", &tm);
		d.setString("ConnectionType", initiator ? "initiator" :
		    "acceptor");
		d.setString("StartTime", start);
		d.setString("EndTime", end);
		d.setBool("UseDataDictionary", true);
		d.setString("DataDictionary", dict);
		d.setString("FileStorePath", dir);
		d.setString("FileLogPath", dir);
		d.setBool("ResetOnLogon", false);
		d.setBool("ResetOnLogout", false);
		d.setBool("ResetOnDisconnect", false);
		d.setInt("TimestampPrecision", 3);
		if (initiator)
			d.setInt("HeartBtInt", heartbeat);
		if (memory) {
			store.reset(new FIX::MemoryStoreFactory());
		} else {
			store.reset(new FIX::FileStoreFactory(dir));
			log.reset(new FIX::FileLogFactory(dir));
		}
		factory.reset(new FIX::SessionFactory(*this, *store,
		    log.get()));
		try {
			session = factory->create(id, d);
		} catch (FIX::ConfigError &e) {
			die(std::string("session settings: ") + e.what());
		}
	}

	void
	close_session()
	{
		drop();
		if (session != nullptr)
			factory->destroy(session);
		session = nullptr;
	}

	/* A new connection FD: it becomes the session's once a Logon
	 * naming the session comes (initiator: at once). */
	void
	adopt(int fd, bool initiator)
	{
		link.fd = fd;
		link.dropped = false;
		link.parser = FIX::Parser();
		attached = false;
		if (initiator)
			attach();
	}

	bool
	connected() const
	{
		return link.fd >= 0;
	}

	/* Close the connection; the session, if it had it, is told. */
	void
	drop()
	{
		if (attached && !link.dropped)
			session->disconnect();
		if (attached)
			FIX::Session::unregisterSession(id);
		attached = false;
		if (link.fd >= 0)
			::close(link.fd);
		link.fd = -1;
	}

	/* Bytes are waiting on the connection: read them and work every
	 * whole message through the session. */
	void
	input()
	{
		char	buf[16384];
		ssize_t	n = recv(link.fd, buf, sizeof buf, 0);
		std::string msg;

		if (n < 0 && errno == EINTR)
			return;
		if (n <= 0) {
			if (attached)
				session->getLog()->onEvent("Connection "
				    "closed by the counterparty");
			drop();
			return;
		}
		link.parser.addToStream(buf, (size_t)n);
		for (;;) {
			try {
				if (!link.parser.readFixMessage(msg))
					break;
			} catch (FIX::MessageParseError &) {
				continue;
			}
			if (!attached && !first_message(msg))
				return;
			try {
				session->next(msg, FIX::UtcTimeStamp());
			} catch (FIX::InvalidMessage &) {
				if (!session->isLoggedOn())
					link.dropped = true;
			}
			if (link.dropped)
				break;
		}
		if (link.dropped)
			drop();
	}

	/* Time passed: heartbeats, TestRequests, timeouts, our Logout. */
	void
	tick()
	{
		if (attached)
			session->next();
		if (link.dropped)
			drop();
	}

	/* ---- FIX::Application ---- */
	void onCreate(const FIX::SessionID &) override {}

	void
	onLogon(const FIX::SessionID &) override
	{
		say("LOGON");
	}

	void
	onLogout(const FIX::SessionID &) override
	{
		say("LOGOUT");
	}

	void toAdmin(FIX::Message &, const FIX::SessionID &) override {}

	void
	toApp(FIX::Message &m, const FIX::SessionID &)
	    throw(FIX::DoNotSend) override
	{
		if (!memory)
			show("OUT", m);
	}

	void
	fromAdmin(const FIX::Message &, const FIX::SessionID &)
	    throw(FIX::FieldNotFound, FIX::IncorrectDataFormat,
	    FIX::IncorrectTagValue, FIX::RejectLogon) override {}

	void
	fromApp(const FIX::Message &m, const FIX::SessionID &)
	    throw(FIX::FieldNotFound, FIX::IncorrectDataFormat,
	    FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override
	{
		if (!memory)
			show("IN", m);
		receive(m);
	}

protected:
	/* An application message of the counterparty's. */
	virtual void receive(const FIX::Message &m) = 0;

	void
	send(FIX::Message &m)
	{
		session->send(m);
	}

private:
	std::unique_ptr<FIX::MessageStoreFactory> store;
	std::unique_ptr<FIX::LogFactory> log;
	std::unique_ptr<FIX::SessionFactory> factory;

	void
	attach()
	{
		link.parser = FIX::Parser();
		session->setResponder(&link);
		FIX::Session::registerSession(id);
		attached = true;
	}

	/* As Acceptor::getSession(): the first message must be a Logon
	 * from our counterparty, to us. */
	bool
	first_message(const std::string &msg)
	{
		FIX::Message m;
		FIX::MsgType type;
		FIX::SenderCompID snd;
		FIX::TargetCompID tgt;
		FIX::BeginString begin;

		try {
			m.setStringHeader(msg);
			m.getHeader().getField(type);
			m.getHeader().getField(snd);
			m.getHeader().getField(tgt);
			m.getHeader().getField(begin);
		} catch (FIX::Exception &) {
			type = FIX::MsgType("");
		}
		if (type.getValue() != "A" || begin.getValue() !=
		    id.getBeginString().getValue() || snd.getValue() !=
		    id.getTargetCompID().getValue() || tgt.getValue() !=
		    id.getSenderCompID().getValue() ||
		    FIX::Session::isSessionRegistered(id)) {
			fprintf(stderr, "%s: connection refused: its first "
			    "message is no Logon for this session: %s\n",
			    prog, msg.c_str());
			drop();
			return false;
		}
		attach();
		return true;
	}
};

/* ---- broker mode ---- */

/* OrderID and ExecID numbers, kept in DIR so that a restarted broker
 * never gives one twice. */
class Ids {
public:
	explicit Ids(const std::string &dir) : path(dir + "/qf-peer.ids")
	{
		FILE   *f = fopen(path.c_str(), "r");

		if (f != nullptr) {
			if (fscanf(f, "%lld %lld", &order, &exec) != 2)
				order = exec = 0;
			fclose(f);
		}
	}

	std::string
	next_order()
	{
		order++;
		save();
		return "B" + std::to_string(order);
	}

	std::string
	next_exec()
	{
		exec++;
		save();
		return "E" + std::to_string(exec);
	}

private:
	std::string path;
	long long order = 0, exec = 0;

	void
	save()
	{
		FILE   *f = fopen(path.c_str(), "w");

		if (f == nullptr ||
		    fprintf(f, "%lld %lld\n", order, exec) < 0 ||
		    fclose(f) != 0)
			die(path + ": " + strerror(errno));
	}
};

struct Order {
	std::string order_id, clordid, symbol;
	char	side = '1', ordtype = '2', status = '0';
	bool	limit = false;
	double	qty = 0, price = 0, cum = 0, avgpx = 0;

	bool
	open() const
	{
		return status == '0' || status == '1';
	}

	double
	leaves() const
	{
		return open() ? qty - cum : 0;
	}
};

class Broker : public Peer {
public:
	std::set<std::string> rest, reject, partial;
	bool	dup_fills = false;

	Broker(const std::string &sender, const std::string &target,
	    const std::string &dir) : Peer(sender, target), ids(dir) {}

protected:
	void
	receive(const FIX::Message &m) override
	{
		std::string type = m.getHeader().getField(FIX::FIELD::MsgType);

		if (type == "D")
			new_order(m);
		else if (type == "F")
			cancel(m);
		else if (type == "G")
			replace(m);
		else if (type == "H")
			status(m);
		else
			throw FIX::UnsupportedMessageType();
	}

private:
	Ids	ids;
	/* Every ClOrdID an order had, to the order. */
	std::map<std::string, std::shared_ptr<Order>> orders;

	std::shared_ptr<Order>
	find(const std::string &clordid)
	{
		auto	i = orders.find(clordid);

		return i == orders.end() ? nullptr : i->second;
	}

	/* An ExecutionReport of O, CLORDID as the request named it. */
	FIX44::ExecutionReport
	report(const Order &o, char exec_type, const std::string &clordid)
	{
		FIX44::ExecutionReport r(FIX::OrderID(o.order_id),
		    FIX::ExecID(ids.next_exec()), FIX::ExecType(exec_type),
		    FIX::OrdStatus(o.status), FIX::Side(o.side),
		    FIX::LeavesQty(o.leaves()), FIX::CumQty(o.cum),
		    FIX::AvgPx(o.avgpx));

		r.set(FIX::ClOrdID(clordid));
		r.set(FIX::Symbol(o.symbol));
		r.set(FIX::OrderQty(o.qty));
		r.set(FIX::OrdType(o.ordtype));
		if (o.limit)
			r.set(FIX::Price(o.price));
		r.set(FIX::TransactTime(FIX::UtcTimeStamp(), 3));
		return r;
	}

	void
	fill(Order &o, double qty)
	{
		double	px = o.limit ? o.price : 100.0;

		if (qty <= 0)
			return;
		o.avgpx = (o.avgpx * o.cum + px * qty) / (o.cum + qty);
		o.cum += qty;
		o.status = o.cum >= o.qty ? '2' : '1';
		FIX44::ExecutionReport r = report(o, FIX::ExecType_TRADE,
		    o.clordid);
		r.set(FIX::LastQty(qty));
		r.set(FIX::LastPx(px));
		send(r);
		if (dup_fills) {
			FIX44::ExecutionReport again = r;

			send(again);
		}
	}

	void
	new_order(const FIX::Message &m)
	{
		auto	o = std::make_shared<Order>();
		const FIX::Header &h = m.getHeader();
		bool	resent = h.isSetField(FIX::FIELD::PossDupFlag) &&
		    h.getField(FIX::FIELD::PossDupFlag) == "Y";

		o->clordid = m.getField(FIX::FIELD::ClOrdID);
		if (find(o->clordid) != nullptr) {
			/* A resend of one already taken is no new order. */
			if (resent)
				return;
			duplicate_reject(m, "duplicate ClOrdID " + o->clordid);
			return;
		}
		o->symbol = field(m, FIX::FIELD::Symbol);
		o->side = m.getField(FIX::FIELD::Side)[0];
		o->ordtype = m.getField(FIX::FIELD::OrdType)[0];
		o->qty = number(field(m, FIX::FIELD::OrderQty));
		o->limit = o->ordtype == FIX::OrdType_LIMIT ||
		    o->ordtype == FIX::OrdType_STOP_LIMIT;
		o->price = number(field(m, FIX::FIELD::Price));
		o->order_id = ids.next_order();
		orders[o->clordid] = o;
		if (reject.count(o->symbol) || o->qty <= 0) {
			o->status = FIX::OrdStatus_REJECTED;
			FIX44::ExecutionReport r = report(*o,
			    FIX::ExecType_REJECTED, o->clordid);
			r.set(FIX::Text(o->qty <= 0 ? "no quantity" :
			    "symbol not traded here"));
			send(r);
			return;
		}
		o->status = FIX::OrdStatus_NEW;
		FIX44::ExecutionReport r = report(*o, FIX::ExecType_NEW,
		    o->clordid);
		send(r);
		if (rest.count(o->symbol))
			return;
		if (partial.count(o->symbol))
			fill(*o, std::floor(o->qty / 2));
		else
			fill(*o, o->qty);
	}

	/* A ClOrdID given twice, as FIX has it: a reject of the order. */
	void
	duplicate_reject(const FIX::Message &m, const std::string &text)
	{
		Order	o;

		o.order_id = "NONE";
		o.clordid = field(m, FIX::FIELD::ClOrdID);
		o.symbol = field(m, FIX::FIELD::Symbol);
		o.side = m.getField(FIX::FIELD::Side)[0];
		o.ordtype = m.getField(FIX::FIELD::OrdType)[0];
		o.qty = number(field(m, FIX::FIELD::OrderQty));
		o.status = FIX::OrdStatus_REJECTED;
		FIX44::ExecutionReport r = report(o, FIX::ExecType_REJECTED,
		    o.clordid);
		r.set(FIX::OrdRejReason(FIX::OrdRejReason_DUPLICATE_ORDER));
		r.set(FIX::Text(text));
		send(r);
	}

	/* An OrderCancelReject of request M (TO: 1 cancel, 2 replace). */
	void
	cancel_reject(const FIX::Message &m, const Order *o, char to)
	{
		int	reason = o == nullptr ?
		    FIX::CxlRejReason_UNKNOWN_ORDER :
		    o->open() ? FIX::CxlRejReason_OTHER :
		    FIX::CxlRejReason_TOO_LATE_TO_CANCEL;
		std::string text = o == nullptr ? "unknown order" :
		    o->open() ? "quantity not above what is filled" :
		    "too late: the order is done";
		FIX44::OrderCancelReject r(
		    FIX::OrderID(o != nullptr ? o->order_id : "NONE"),
		    FIX::ClOrdID(m.getField(FIX::FIELD::ClOrdID)),
		    FIX::OrigClOrdID(m.getField(FIX::FIELD::OrigClOrdID)),
		    FIX::OrdStatus(o != nullptr ? o->status :
		    FIX::OrdStatus_REJECTED), FIX::CxlRejResponseTo(to));

		r.set(FIX::CxlRejReason(reason));
		r.set(FIX::Text(text));
		send(r);
	}

	void
	cancel(const FIX::Message &m)
	{
		std::string clordid = m.getField(FIX::FIELD::ClOrdID);
		auto	o = find(m.getField(FIX::FIELD::OrigClOrdID));

		if (o == nullptr || !o->open() || find(clordid) != nullptr) {
			cancel_reject(m, o.get(),
			    FIX::CxlRejResponseTo_ORDER_CANCEL_REQUEST);
			return;
		}
		o->status = FIX::OrdStatus_CANCELED;
		o->clordid = clordid;
		orders[clordid] = o;
		FIX44::ExecutionReport r = report(*o, FIX::ExecType_CANCELED,
		    clordid);
		r.set(FIX::OrigClOrdID(m.getField(FIX::FIELD::OrigClOrdID)));
		send(r);
	}

	void
	replace(const FIX::Message &m)
	{
		std::string clordid = m.getField(FIX::FIELD::ClOrdID);
		auto	o = find(m.getField(FIX::FIELD::OrigClOrdID));
		double	qty = o != nullptr ? o->qty : 0;

		if (m.isSetField(FIX::FIELD::OrderQty))
			qty = number(m.getField(FIX::FIELD::OrderQty));
		if (o == nullptr || !o->open() || find(clordid) != nullptr ||
		    qty <= o->cum) {
			cancel_reject(m, o.get(),
			    FIX::CxlRejResponseTo_ORDER_CANCEL_REPLACE_REQUEST);
			return;
		}
		o->qty = qty;
		o->ordtype = m.getField(FIX::FIELD::OrdType)[0];
		o->limit = o->ordtype == FIX::OrdType_LIMIT ||
		    o->ordtype == FIX::OrdType_STOP_LIMIT;
		if (m.isSetField(FIX::FIELD::Price))
			o->price = number(m.getField(FIX::FIELD::Price));
		o->status = o->cum > 0 ? FIX::OrdStatus_PARTIALLY_FILLED :
		    FIX::OrdStatus_NEW;
		o->clordid = clordid;
		orders[clordid] = o;
		FIX44::ExecutionReport r = report(*o, FIX::ExecType_REPLACED,
		    clordid);
		r.set(FIX::OrigClOrdID(m.getField(FIX::FIELD::OrigClOrdID)));
		send(r);
	}

	void
	status(const FIX::Message &m)
	{
		std::string clordid = m.getField(FIX::FIELD::ClOrdID);
		auto	o = find(clordid);

		if (o != nullptr) {
			FIX44::ExecutionReport r = report(*o,
			    FIX::ExecType_ORDER_STATUS, clordid);
			send(r);
			return;
		}
		Order	u;

		u.order_id = "NONE";
		u.symbol = field(m, FIX::FIELD::Symbol);
		u.side = m.getField(FIX::FIELD::Side)[0];
		u.status = FIX::OrdStatus_REJECTED;
		FIX44::ExecutionReport r(FIX::OrderID(u.order_id),
		    FIX::ExecID(ids.next_exec()),
		    FIX::ExecType(FIX::ExecType_ORDER_STATUS),
		    FIX::OrdStatus(u.status), FIX::Side(u.side),
		    FIX::LeavesQty(0), FIX::CumQty(0), FIX::AvgPx(0));
		r.set(FIX::ClOrdID(clordid));
		r.set(FIX::Symbol(u.symbol));
		r.set(FIX::TransactTime(FIX::UtcTimeStamp(), 3));
		r.set(FIX::Text("unknown order"));
		send(r);
	}
};

/* ---- client mode ---- */

/* The orders standard input asks for, one command a line:
 *   D CLORDID SIDE SYMBOL QTY [PRICE]        NewOrderSingle (no PRICE:
 *                                            market)
 *   F CLORDID ORIGCLORDID SIDE SYMBOL QTY    OrderCancelRequest
 *   G CLORDID ORIGCLORDID SIDE SYMBOL QTY [PRICE]
 *                                            OrderCancelReplaceRequest
 *   H CLORDID SIDE SYMBOL                    OrderStatusRequest
 *   wait [N]     until N (1) application messages more came in since
 *                the last command sent one; "TIMEOUT" after 10 s
 *   logout       log out and exit
 * SIDE is 1 or buy, 2 or sell, 5 or short.  Commands wait for the
 * logon; end of input logs out. */
class Client : public Peer {
public:
	long long received = 0;		/* application messages in */

	Client(const std::string &sender, const std::string &target)
	    : Peer(sender, target) {}

	/* Do LINE; a line that is no command is said on stderr. */
	void
	command(const std::string &line)
	{
		std::istringstream in(line);
		std::vector<std::string> w;
		std::string s;

		while (in >> s)
			w.push_back(s);
		if (w.empty() || w[0][0] == '#')
			return;
		try {
			if (w[0] == "D" && (w.size() == 5 || w.size() == 6))
				send_new(w);
			else if (w[0] == "F" && w.size() == 6)
				send_cancel(w);
			else if (w[0] == "G" && (w.size() == 6 ||
			    w.size() == 7))
				send_replace(w);
			else if (w[0] == "H" && w.size() == 4)
				send_status(w);
			else if (w[0] == "wait" && w.size() <= 2)
				wait_for = mark + (w.size() == 2 ?
				    atoll(w[1].c_str()) : 1);
			else if (w[0] == "logout" && w.size() == 1)
				stop_requested = 1;
			else
				fprintf(stderr, "%s: not a command: %s\n",
				    prog, line.c_str());
		} catch (FIX::Exception &e) {
			fprintf(stderr, "%s: %s: %s\n", prog, line.c_str(),
			    e.what());
		}
	}

	/* Whether a wait holds the next command back; one past 10 s says
	 * TIMEOUT and ends. */
	bool
	waiting()
	{
		if (wait_for == 0)
			return false;
		if (received >= wait_for) {
			wait_for = 0;
			return false;
		}
		if (wait_since == 0)
			wait_since = now_ms();
		if (now_ms() - wait_since < 10000)
			return true;
		say("TIMEOUT");
		wait_for = wait_since = 0;
		return false;
	}

protected:
	void
	receive(const FIX::Message &) override
	{
		received++;
	}

private:
	long long mark = 0, wait_for = 0, wait_since = 0;

	static char
	side(const std::string &s)
	{
		if (s == "buy" || s == "1")
			return FIX::Side_BUY;
		if (s == "sell" || s == "2")
			return FIX::Side_SELL;
		if (s == "short" || s == "5")
			return FIX::Side_SELL_SHORT;
		throw FIX::IncorrectTagValue(FIX::FIELD::Side);
	}

	void
	sent(FIX::Message &m)
	{
		mark = received;
		wait_since = 0;
		send(m);
	}

	void
	send_new(const std::vector<std::string> &w)
	{
		bool	limit = w.size() == 6;
		FIX44::NewOrderSingle m(FIX::ClOrdID(w[1]),
		    FIX::Side(side(w[2])),
		    FIX::TransactTime(FIX::UtcTimeStamp(), 3),
		    FIX::OrdType(limit ? FIX::OrdType_LIMIT :
		    FIX::OrdType_MARKET));

		m.set(FIX::Symbol(w[3]));
		m.set(FIX::OrderQty(number(w[4])));
		if (limit)
			m.set(FIX::Price(number(w[5])));
		sent(m);
	}

	void
	send_cancel(const std::vector<std::string> &w)
	{
		FIX44::OrderCancelRequest m{FIX::OrigClOrdID(w[2]),
		    FIX::ClOrdID(w[1]), FIX::Side(side(w[3])),
		    FIX::TransactTime(FIX::UtcTimeStamp(), 3)};

		m.set(FIX::Symbol(w[4]));
		m.set(FIX::OrderQty(number(w[5])));
		sent(m);
	}

	void
	send_replace(const std::vector<std::string> &w)
	{
		bool	limit = w.size() == 7;
		FIX44::OrderCancelReplaceRequest m{FIX::OrigClOrdID(w[2]),
		    FIX::ClOrdID(w[1]), FIX::Side(side(w[3])),
		    FIX::TransactTime(FIX::UtcTimeStamp(), 3),
		    FIX::OrdType(limit ? FIX::OrdType_LIMIT :
		    FIX::OrdType_MARKET)};

		m.set(FIX::Symbol(w[4]));
		m.set(FIX::OrderQty(number(w[5])));
		if (limit)
			m.set(FIX::Price(number(w[6])));
		sent(m);
	}

	void
	send_status(const std::vector<std::string> &w)
	{
		FIX44::OrderStatusRequest m(FIX::ClOrdID(w[1]),
		    FIX::Side(side(w[2])));

		m.set(FIX::Symbol(w[3]));
		sent(m);
	}
};

/* ---- sockets and the loop ---- */

/* Listen on 127.0.0.1:PORT (0: any free port); *PORT is the one taken. */
int
listen_on(int *port)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int	one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)*port);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(fd, 4) != 0 || getsockname(fd, (struct sockaddr *)&a,
	    &alen) != 0)
		die("cannot listen on 127.0.0.1 port " + std::to_string(*port) +
		    ": " + strerror(errno));
	*port = ntohs(a.sin_port);
	return fd;
}

/* Connect to HOST:PORT; -1 when nobody listens yet. */
int
connect_to(const std::string &host, int port)
{
	struct sockaddr_in a;
	int	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1)
		die(host + ": not an IPv4 address");
	if (fd < 0)
		die(std::string("socket: ") + strerror(errno));
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		::close(fd);
		return -1;
	}
	return fd;
}

void
nodelay(int fd)
{
	int	one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Log out, wait (at most LogoutTimeout and a little) for the answer,
 * hang up. */
void
finish(Peer &p)
{
	long long until = now_ms() + 3000;

	if (p.attached && p.session->isLoggedOn()) {
		p.session->logout();
		while (p.attached && now_ms() < until) {
			struct pollfd f = { p.link.fd, POLLIN, 0 };

			p.tick();
			if (p.attached && poll(&f, 1, 100) > 0)
				p.input();
		}
	}
	p.close_session();
}

void
run_broker(Broker &b, int port)
{
	int	lfd = listen_on(&port);

	say("READY " + std::to_string(port));
	while (!stop_requested) {
		struct pollfd f[2] = { { lfd, POLLIN, 0 },
			{ b.link.fd, POLLIN, 0 } };

		if (poll(f, b.connected() ? 2 : 1, 100) < 0 && errno != EINTR)
			die(std::string("poll: ") + strerror(errno));
		if (f[0].revents & POLLIN) {
			int	fd = accept4(lfd, nullptr, nullptr,
			    SOCK_CLOEXEC);

			/* One connection at a time, as QuickFIX has it. */
			if (fd >= 0 && b.connected())
				::close(fd);
			else if (fd >= 0) {
				nodelay(fd);
				b.adopt(fd, false);
			}
		} else if (b.connected() && (f[1].revents & (POLLIN |
		    POLLHUP | POLLERR)))
			b.input();
		b.tick();
	}
	finish(b);
	::close(lfd);
}

void
run_client(Client &c, const std::string &host, int port)
{
	std::string pending;
	bool	eof = false;
	long long next_try = 0, give_up = now_ms() + 10000;

	while (!stop_requested) {
		struct pollfd f[2] = { { c.link.fd, POLLIN, 0 },
			{ STDIN_FILENO, POLLIN, 0 } };
		bool	ready = c.attached && c.session->isLoggedOn();
		int	nf = ready && !eof && !c.waiting() ? 2 : 1;

		if (!c.connected() && now_ms() >= next_try) {
			int	fd = connect_to(host, port);

			next_try = now_ms() + 1000;
			if (fd >= 0) {
				nodelay(fd);
				c.adopt(fd, true);
				give_up = now_ms() + 10000;
			} else if (now_ms() > give_up)
				die("nobody listens on " + host + " port " +
				    std::to_string(port));
		}
		if (poll(f, c.connected() ? (nfds_t)nf : 0, 100) < 0 &&
		    errno != EINTR)
			die(std::string("poll: ") + strerror(errno));
		if (c.connected() && (f[0].revents & (POLLIN | POLLHUP |
		    POLLERR)))
			c.input();
		if (nf == 2 && (f[1].revents & (POLLIN | POLLHUP))) {
			char	buf[4096];
			ssize_t	n = read(STDIN_FILENO, buf, sizeof buf);
			size_t	nl;

			if (n <= 0)
				eof = true;
			else
				pending.append(buf, (size_t)n);
			while (!c.waiting() &&
			    (nl = pending.find('\n')) != std::string::npos) {
				c.command(pending.substr(0, nl));
				pending.erase(0, nl + 1);
			}
		} else if (ready) {
			size_t	nl;

			while (!c.waiting() &&
			    (nl = pending.find('\n')) != std::string::npos) {
				c.command(pending.substr(0, nl));
				pending.erase(0, nl + 1);
			}
		}
		if (eof && pending.find('\n') == std::string::npos &&
		    !c.waiting()) {
			if (!pending.empty())
				c.command(pending);
			break;
		}
		c.tick();
	}
	finish(c);
}

[[noreturn]] void
usage()
{
	fprintf(stderr,
	    "usage: %s broker --port P --sender ID --target ID --store DIR\n"
	    "           [--rest SYM]... [--reject SYM]... [--partial SYM]...\n"
	    "           [--dup-fills] [--dict PATH] [--memory]\n"
	    "       %s client --port P [--host ADDR] --sender ID --target ID\n"
	    "           --store DIR [--heartbeat S] [--dict PATH]\n",
	    prog, prog);
	exit(2);
}

} // namespace

int
main(int argc, char **argv)
{
	enum { O_PORT = 256, O_HOST, O_SENDER, O_TARGET, O_STORE, O_DICT,
	    O_HB, O_REST, O_REJECT, O_PARTIAL, O_DUP, O_MEMORY };
	static const struct option opts[] = {
		{ "port", required_argument, nullptr, O_PORT },
		{ "host", required_argument, nullptr, O_HOST },
		{ "sender", required_argument, nullptr, O_SENDER },
		{ "target", required_argument, nullptr, O_TARGET },
		{ "store", required_argument, nullptr, O_STORE },
		{ "dict", required_argument, nullptr, O_DICT },
		{ "heartbeat", required_argument, nullptr, O_HB },
		{ "rest", required_argument, nullptr, O_REST },
		{ "reject", required_argument, nullptr, O_REJECT },
		{ "partial", required_argument, nullptr, O_PARTIAL },
		{ "dup-fills", no_argument, nullptr, O_DUP },
		{ "memory", no_argument, nullptr, O_MEMORY },
		{ nullptr, 0, nullptr, 0 }
	};
	std::string mode, host = "127.0.0.1", sender, target, dir;
	std::string dict = QF_PEER_DICT;
	std::set<std::string> rest, reject, partial;
	int	port = -1, hb = -1, c;
	bool	dup = false, memory = false;
	struct sigaction sa;

	if (argc < 2)
		usage();
	mode = argv[1];
	if (mode != "broker" && mode != "client")
		usage();
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, nullptr)) != -1)
		switch (c) {
		case O_PORT:	port = atoi(optarg); break;
		case O_HOST:	host = optarg; break;
		case O_SENDER:	sender = optarg; break;
		case O_TARGET:	target = optarg; break;
		case O_STORE:	dir = optarg; break;
		case O_DICT:	dict = optarg; break;
		case O_HB:	hb = atoi(optarg); break;
		case O_REST:	rest.insert(optarg); break;
		case O_REJECT:	reject.insert(optarg); break;
		case O_PARTIAL:	partial.insert(optarg); break;
		case O_DUP:	dup = true; break;
		case O_MEMORY:	memory = true; break;
		default:	usage();
		}
	if (optind != argc || port < 0 || port > 65535 || sender.empty() ||
	    target.empty() || dir.empty())
		usage();
	if (mode == "broker" && hb != -1)
		die("--heartbeat is for client mode: an acceptor takes the "
		    "HeartBtInt of the initiator's Logon");
	if (mode == "client" && (port == 0 || !rest.empty() ||
	    !reject.empty() || !partial.empty() || dup || memory))
		usage();
	if (access(dict.c_str(), R_OK) != 0)
		die(dict + ": " + strerror(errno));

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, nullptr);
	sigaction(SIGINT, &sa, nullptr);
	signal(SIGPIPE, SIG_IGN);

	if (mode == "broker") {
		Broker	b(sender, target, dir);

		b.rest = rest;
		b.reject = reject;
		b.partial = partial;
		b.dup_fills = dup;
		b.memory = memory;
		b.open(false, dir, dict, 0);
		run_broker(b, port);
	} else {
		Client	cl(sender, target);

		cl.open(true, dir, dict, hb > 0 ? hb : 30);
		run_client(cl, host, port);
	}
	return 0;
}
