// HttpServer's own keep-alive loop and deferred answers, over real HTTP on loopback: a handler
// leaves its request to another thread, and the connection still answers in order, keeps alive,
// closes when asked, and gets every byte of a long answer out.
#include "daemon/http_connection.hpp"
#include "daemon/http_server.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

using namespace leadhub::daemon;
using namespace std::chrono_literals;

namespace {

// Answers queued DeferredResponses from its own thread, `delay` after they were taken.
class LateAnswerer {
public:
  explicit LateAnswerer(std::chrono::milliseconds delay) : m_delay(delay), m_thread([this] { loop(); }) {}
  ~LateAnswerer()
  {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_cv.notify_all();
    m_thread.join();
  }
  void add(DeferredResponse d, std::function<void(DeferredResponse&)> answer)
  {
    {
      std::lock_guard lock(m_mutex);
      m_items.push_back({std::chrono::steady_clock::now() + m_delay, std::move(d), std::move(answer)});
    }
    m_cv.notify_all();
  }

private:
  struct Item {
    std::chrono::steady_clock::time_point due;
    DeferredResponse response;
    std::function<void(DeferredResponse&)> answer;
  };
  void loop()
  {
    std::unique_lock lock(m_mutex);
    while (true) {
      if (m_items.empty()) {
        if (m_stop)
          return;
        m_cv.wait(lock);
        continue;
      }
      auto due = m_items.front().due;
      if (!m_stop && std::chrono::steady_clock::now() < due) {
        m_cv.wait_until(lock, due);
        continue;
      }
      auto item = std::move(m_items.front());
      m_items.pop_front();
      lock.unlock();
      item.answer(item.response);
      lock.lock();
    }
  }
  std::chrono::milliseconds m_delay;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Item> m_items;
  bool m_stop = false;
  std::thread m_thread;
};

class DeferredHttp : public ::testing::Test {
protected:
  void start(std::chrono::milliseconds delay = 50ms, int threads = 4)
  {
    answerer = std::make_unique<LateAnswerer>(delay);
    HttpSettings settings;
    settings.listen = {"127.0.0.1", 0};
    settings.threads = threads;
    server = std::make_unique<HttpServer>(settings);
    // POST /late answers from the answerer's thread; POST /now answers at once.
    server->routes().Post("/late", [this](const httplib::Request& req, httplib::Response& res) {
      auto d = DeferredResponse::take(req);
      ASSERT_TRUE(d) << "plain HTTP connections can be answered later";
      res.set_content("this answer is discarded", "text/plain");
      std::string body = "late:" + req.body;
      answerer->add(std::move(d), [body](DeferredResponse& r) { r.send(201, "text/plain", body); });
    });
    server->routes().Post("/big", [this](const httplib::Request& req, httplib::Response&) {
      answerer->add(DeferredResponse::take(req),
                    [](DeferredResponse& r) { r.send(200, "application/octet-stream", std::string(16 << 20, 'b')); });
    });
    server->routes().Post("/dropped", [](const httplib::Request& req, httplib::Response&) {
      auto d = DeferredResponse::take(req); // never sent
    });
    server->routes().Post("/now", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("now:" + req.body, "text/plain");
    });
    auto bound = server->bind();
    ASSERT_TRUE(bound);
    port = *bound;
    serving = std::thread([this] { server->serve(); });
  }
  void TearDown() override
  {
    if (server) {
      server->stop();
      serving.join();
    }
    answerer.reset();
  }

  // A raw client socket, for what httplib::Client does not do (pipelining, slow reading).
  int connect_raw()
  {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
  }
  static std::string read_until_closed(int fd)
  {
    std::string all;
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
      all.append(buf, static_cast<size_t>(n));
    return all;
  }
  static std::string post(const std::string& path, const std::string& body, bool close = false)
  {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " +
           std::to_string(body.size()) + (close ? "\r\nConnection: close" : "") + "\r\n\r\n" + body;
  }

  std::unique_ptr<LateAnswerer> answerer;
  std::unique_ptr<HttpServer> server;
  std::thread serving;
  int port = 0;
};

} // namespace

TEST_F(DeferredHttp, ALateAnswerArrivesWithItsStatusAndTheConnectionStaysOpen)
{
  start();
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  for (int i = 0; i < 3; ++i) {
    auto started = std::chrono::steady_clock::now();
    auto res = client.Post("/late", "n" + std::to_string(i), "text/plain");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_GE(std::chrono::steady_clock::now() - started, 45ms) << "answered by the answerer, not the handler";
    EXPECT_EQ(res->status, 201);
    EXPECT_EQ(res->body, "late:n" + std::to_string(i));
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain");
    EXPECT_EQ(res->get_header_value("Keep-Alive"), "timeout=5, max=100000");
    auto now = client.Post("/now", "x", "text/plain"); // the same connection, answered at once
    ASSERT_TRUE(now);
    EXPECT_EQ(now->body, "now:x");
  }
}

TEST_F(DeferredHttp, PipelinedRequestsAreAnsweredInOrder)
{
  start(100ms);
  int fd = connect_raw();
  std::string requests = post("/late", "first") + post("/now", "second") + post("/late", "third", true);
  ASSERT_EQ(::send(fd, requests.data(), requests.size(), 0), static_cast<ssize_t>(requests.size()));
  auto all = read_until_closed(fd);
  ::close(fd);
  auto first = all.find("late:first"), second = all.find("now:second"), third = all.find("late:third");
  ASSERT_NE(first, std::string::npos) << all;
  ASSERT_NE(second, std::string::npos) << all;
  ASSERT_NE(third, std::string::npos) << all;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(all.find("Connection: close"), std::string::npos) << "the last one asked to close";
  EXPECT_EQ(all.find("discarded"), std::string::npos) << "the handler's own response never goes out";
}

TEST_F(DeferredHttp, AnAnswerTheSocketCannotTakeAtOnceIsFinishedByTheConnection)
{
  start(10ms);
  int fd = connect_raw();
  auto request = post("/big", "", true);
  ASSERT_GT(::send(fd, request.data(), request.size(), 0), 0);
  std::this_thread::sleep_for(300ms); // the answer is sent while nobody reads: the socket fills up
  auto all = read_until_closed(fd);
  ::close(fd);
  auto head_end = all.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_NE(all.find("Content-Length: 16777216"), std::string::npos);
  EXPECT_EQ(all.size() - head_end - 4, size_t{16} << 20);
}

TEST_F(DeferredHttp, AnAnswerNeverSentIsA500)
{
  start();
  httplib::Client client("127.0.0.1", port);
  auto res = client.Post("/dropped", "x", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
}

TEST_F(DeferredHttp, StopWaitsForAnAnswerThatIsOwed)
{
  start(300ms);
  std::string body;
  std::thread client_thread([&] {
    httplib::Client client("127.0.0.1", port);
    if (auto res = client.Post("/late", "owed", "text/plain"))
      body = res->body;
  });
  std::this_thread::sleep_for(100ms); // the request is in, its answer 200 ms away
  server->stop();
  serving.join();
  server.reset();
  client_thread.join();
  EXPECT_EQ(body, "late:owed");
}

TEST_F(DeferredHttp, AnInterimContinueGoesOutBeforeTheBodyIsAwaited)
{
  start();
  int fd = connect_raw();
  std::string head = "POST /now HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
                     "Expect: 100-continue\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  timeval short_wait{2, 0}; // the body is only sent once 100 Continue has come
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short_wait, sizeof short_wait);
  char buf[256];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0) << "no interim answer while the server waits for the body";
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)).rfind("HTTP/1.1 100 Continue", 0), 0u);
  ASSERT_EQ(::send(fd, "body", 4, 0), 4);
  auto rest = read_until_closed(fd);
  ::close(fd);
  EXPECT_NE(rest.find("now:body"), std::string::npos) << rest;
}

TEST_F(DeferredHttp, AnswersWrittenByTheHandlerGoOutWhole)
{
  start();
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  std::string big(200 * 1024, 'n'); // more than the connection buffers before it sends
  for (int i = 0; i < 3; ++i) {
    auto res = client.Post("/now", big, "text/plain");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "now:" + big);
  }
}

// Each open connection holds a thread; one more client than threads must not wait for ever.
TEST_F(DeferredHttp, ANewClientIsServedWhileBusyConnectionsHoldEveryThread)
{
  start(20ms, 2);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  auto busy = [&](const char* path) {
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    while (!stop) {
      auto res = client.Post(path, "x", "text/plain");
      (res && res->status < 300 ? answered : failed)++;
    }
  };
  std::thread a(busy, "/now"), b(busy, "/late"); // a synchronous and a deferred answer
  std::this_thread::sleep_for(300ms);            // both threads are taken
  httplib::Client newcomer("127.0.0.1", port);
  auto started = std::chrono::steady_clock::now();
  auto res = newcomer.Post("/now", "new", "text/plain");
  auto waited = std::chrono::steady_clock::now() - started;
  stop = true;
  a.join();
  b.join();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->body, "now:new");
  EXPECT_LT(waited, 2s) << "the newcomer waited for a busy connection to end";
  EXPECT_GT(answered, 10);
  EXPECT_EQ(failed, 0) << "a connection that gives its thread up says so in its answer";
}

TEST_F(DeferredHttp, AnIdleConnectionGivesItsThreadToAWaitingOne)
{
  start(20ms, 2);
  httplib::Client first("127.0.0.1", port), second("127.0.0.1", port);
  first.set_keep_alive(true);
  second.set_keep_alive(true);
  ASSERT_TRUE(first.Post("/now", "1", "text/plain"));
  ASSERT_TRUE(second.Post("/now", "2", "text/plain")); // both stay open and idle, holding both threads
  httplib::Client third("127.0.0.1", port);
  auto started = std::chrono::steady_clock::now();
  auto res = third.Post("/now", "3", "text/plain");
  auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "now:3");
  EXPECT_LT(waited, 2s) << "the keep-alive timeout is 5 s; an idle connection should yield long before";
  auto again = first.Post("/now", "1", "text/plain"); // the closed one reconnects
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "now:1");
}
