// `leadhubctl completion bash|zsh|fish`: shell completion scripts generated from the command tree
// itself, so that a new command or option completes without touching this file.
#include "cli/commands/commands.hpp"
#include "core/sources/source.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>
#include <set>

namespace leadhub::cli::commands {

namespace {

struct Tree {
  std::vector<std::pair<std::string, std::vector<std::string>>> words; // command path -> next words
  std::set<std::string> value_options;                                 // long options that take a value
  // (path pattern, option, values); "FILE" completes file names; the first match wins.
  std::vector<std::tuple<std::string, std::string, std::string>> values;
};

void walk(CLI::App& app, const std::string& path, const std::vector<std::string>& global, Tree& tree)
{
  std::vector<std::string> words;
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
    words.push_back(sub->get_name());
  for (const auto* opt : app.get_options()) {
    for (const auto& name : opt->get_lnames()) {
      words.push_back("--" + name);
      if (opt->get_items_expected_min() > 0)
        tree.value_options.insert("--" + name);
    }
  }
  if (!path.empty())
    words.insert(words.end(), global.begin(), global.end());
  tree.words.emplace_back(path, words);
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
    walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), global, tree);
}

Tree build_tree(CLI::App& root)
{
  std::vector<std::string> global;
  for (const auto* opt : root.get_options())
    for (const auto& name : opt->get_lnames())
      if (name != "help" && name != "version")
        global.push_back("--" + name);
  Tree tree;
  walk(root, "", global, tree);
  std::vector<std::string> slugs;
  for (const auto* spec : sources::all_sources())
    slugs.emplace_back(spec->slug);
  tree.values = {{"*", "--format", "table json csv"},
                 {"field create", "--type", "text number date bool"},
                 {"*", "--type", fmt::format("{}", fmt::join(slugs, " "))},
                 {"*", "--db", "FILE"},
                 {"*", "--config", "FILE"},
                 {"*", "--from-file", "FILE"}};
  return tree;
}

// The tables as POSIX-style shell functions, which bash and zsh both read.
std::string sh_tables(const Tree& tree)
{
  std::string out = "_leadhubctl_words() {\n  case \"$1\" in\n";
  for (const auto& [path, words] : tree.words)
    out += fmt::format("  '{}') echo '{}' ;;\n", path, fmt::join(words, " "));
  out += "  esac\n}\n\n_leadhubctl_value() {\n  case \"$1|$2\" in\n";
  for (const auto& [path, option, values] : tree.values)
    out += fmt::format("  {}) echo '{}' ;;\n", path == "*" ? "*'|" + option + "'" : "'" + path + "|" + option + "'",
                       values);
  out += fmt::format("  esac\n}}\n\n_leadhubctl_takes_value() {{\n  case \"$1\" in\n  {}) return 0 ;;\n  esac\n"
                     "  return 1\n}}\n\n",
                     fmt::join(tree.value_options, " | "));
  return out;
}

// Shared by bash and zsh: sets `cmdpath` to the command words typed so far, `skip` when the word
// being completed is an option's value. `$1` is the index of the first word, `$2` of the current.
constexpr std::string_view k_sh_walk = R"sh(_leadhubctl_path() {
  local i w
  cmdpath='' skip=0
  for ((i = $1; i < $2; i++)); do
    w=${_leadhubctl_argv[i]}
    if ((skip)); then skip=0; continue; fi
    if [[ $w == -* ]]; then _leadhubctl_takes_value "$w" && skip=1; continue; fi
    [[ " $(_leadhubctl_words "$cmdpath") " == *" $w "* ]] && cmdpath=${cmdpath:+$cmdpath }$w
  done
}

)sh";

std::string bash_script(const Tree& tree)
{
  return "# bash completion for leadhubctl: eval \"$(leadhubctl completion bash)\"\n" + sh_tables(tree) +
         std::string(k_sh_walk) + R"sh(_leadhubctl() {
  local cmdpath skip values cur=${COMP_WORDS[COMP_CWORD]}
  local -a _leadhubctl_argv=("${COMP_WORDS[@]}")
  _leadhubctl_path 1 "$COMP_CWORD"
  if ((skip)); then
    values=$(_leadhubctl_value "$cmdpath" "${COMP_WORDS[COMP_CWORD-1]}")
    if [[ $values == FILE ]]; then
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
    fi
    return
  fi
  mapfile -t COMPREPLY < <(compgen -W "$(_leadhubctl_words "$cmdpath")" -- "$cur")
}
complete -F _leadhubctl leadhubctl
)sh";
}

std::string zsh_script(const Tree& tree)
{
  return "#compdef leadhubctl\n# zsh completion for leadhubctl: put in $fpath as _leadhubctl, or\n"
         "# source <(leadhubctl completion zsh)\n" +
         sh_tables(tree) + std::string(k_sh_walk) + R"sh(_leadhubctl() {
  local cmdpath skip values
  local -a _leadhubctl_argv
  _leadhubctl_argv=("${words[@]}")
  _leadhubctl_path 2 "$CURRENT"
  if ((skip)); then
    values=$(_leadhubctl_value "$cmdpath" "${words[CURRENT-1]}")
    if [[ $values == FILE ]]; then _files; else compadd -- ${=values}; fi
    return
  fi
  compadd -- ${=$(_leadhubctl_words "$cmdpath")}
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then _leadhubctl "$@"; else compdef _leadhubctl leadhubctl; fi
)sh";
}

std::string fish_script(const Tree& tree)
{
  std::string out = "# fish completion for leadhubctl: leadhubctl completion fish | source\n"
                    "function __leadhubctl_words\n    switch \"$argv[1]\"\n";
  for (const auto& [path, words] : tree.words)
    out += fmt::format("        case '{}'\n            string split ' ' -- '{}'\n", path, fmt::join(words, " "));
  out += "    end\nend\n\nfunction __leadhubctl_value\n    switch \"$argv[1]|$argv[2]\"\n";
  for (const auto& [path, option, values] : tree.values)
    out += fmt::format("        case '{}|{}'\n            string split ' ' -- '{}'\n", path, option, values);
  out += fmt::format("    end\nend\n\nfunction __leadhubctl_takes_value\n    contains -- $argv[1] {}\nend\n",
                     fmt::join(tree.value_options, " "));
  out += R"sh(
function __leadhubctl_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l cmdpath ''
    set -l skip 0
    for w in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $w
            __leadhubctl_takes_value $w; and set skip 1
            continue
        end
        if contains -- $w (__leadhubctl_words $cmdpath)
            set cmdpath (string trim -- "$cmdpath $w")
        end
    end
    if test $skip = 1
        set -l values (__leadhubctl_value $cmdpath $tokens[-1])
        if test "$values" = FILE
            __fish_complete_path (commandline -ct)
        else
            printf '%s\n' $values
        end
        return
    end
    __leadhubctl_words $cmdpath
end
complete -c leadhubctl -f -a '(__leadhubctl_complete)'
)sh";
  return out;
}

} // namespace

void add_completion(CLI::App& app, Context& ctx)
{
  auto* cmd = app.add_subcommand("completion", "print a shell completion script");
  auto shell = std::make_shared<std::string>();
  cmd->add_option("SHELL", *shell, "the shell")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}).description(""))
      ->type_name("bash|zsh|fish");
  on_run(cmd, ctx, [&app, shell]() -> Result<void> {
    auto tree = build_tree(app);
    std::cout << (*shell == "bash" ? bash_script(tree) : *shell == "zsh" ? zsh_script(tree) : fish_script(tree));
    return {};
  });
}

} // namespace leadhub::cli::commands
