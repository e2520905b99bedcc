// A temporary directory removed with its contents when the object goes.
#pragma once

#include <string>

namespace leadhub::test {

class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return m_path; }
  std::string file(const std::string& name) const { return m_path + "/" + name; }
  // Writes `content` to `name` inside the directory and returns its path.
  std::string write(const std::string& name, const std::string& content) const;

private:
  std::string m_path;
};

// The contents of a file; empty when it cannot be read.
std::string read_file(const std::string& path);

} // namespace leadhub::test
