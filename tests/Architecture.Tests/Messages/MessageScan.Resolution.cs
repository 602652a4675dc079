using System.Text.RegularExpressions;

namespace SmePlatform.Architecture.Tests.Messages;

public sealed partial class MessageScan
{
    /// <summary>
    /// A method that hands one of its parameters, as it is, to a message argument (of a sink, a problem's Title or
    /// Detail, a field-error dictionary) is a sink for that parameter; repeated until nothing new is found.
    /// </summary>
    private void Propagate()
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var file in files)
            {
                foreach (var (position, piece) in MessageArguments(file).ToList())
                {
                    if (piece is not Piece.Name { Dotted: var name } || name.Contains('.', StringComparison.Ordinal)
                        || file.MethodAt(position) is not { } method || !method.Parameters.Contains(name))
                    {
                        continue;
                    }

                    if (!sinks.Any(s => s.Class == method.Class && s.Method == method.Name && s.Parameters.SequenceEqual(method.Parameters)
                        && s.Messages.Contains(name)))
                    {
                        sinks.Add(new Sink(method.Class, method.Name, method.Parameters, new HashSet<string> { name }));
                        changed = true;
                    }
                }
            }
        }
    }

    /// <summary>Title and Detail of problem details built by hand (or of a refusal <c>with { Detail = … }</c>), and the messages of field-error dictionaries.</summary>
    private static IEnumerable<(int Start, int End)> Initialized(SourceFile file)
    {
        var code = file.Code;
        foreach (Match match in ProblemInitializer().Matches(code))
        {
            var open = match.Index + match.Length - 1;
            var members = Expressions.Split(code, open + 1, Expressions.Close(code, open) - 1);
            var named = members.Select(m => (Member: MemberName().Match(code, m.Start, m.End - m.Start), m.End)).Where(m => m.Member.Success).ToList();
            var isProblem = match.Groups["problem"].Success || named.Any(m => m.Member.Groups["name"].Value == "Status");
            foreach (var (member, end) in named.Where(m => isProblem && m.Member.Groups["name"].Value is "Title" or "Detail"))
            {
                yield return (member.Index + member.Length, end);
            }
        }

        foreach (Match match in ProblemAssignment().Matches(code))
        {
            var start = match.Index + match.Length;
            yield return (start, code.IndexOf(';', start));
        }

        foreach (Match match in ErrorsIndexer().Matches(code))
        {
            var open = match.Index + match.Length - 1;
            foreach (var element in CollectionElements(code, open))
            {
                yield return element;
            }
        }

        foreach (Match match in ErrorsDictionary().Matches(code))
        {
            if (file.MethodAt(match.Index) is null)
            {
                continue; // a table in a field (routes, neighbours), not a request's field errors
            }

            var open = match.Index + match.Length - 1;
            foreach (var (start, end) in Expressions.Split(code, open + 1, Expressions.Close(code, open) - 1))
            {
                var entry = EntryValue().Match(code, start, end - start);
                if (entry.Success)
                {
                    foreach (var element in CollectionElements(code, entry.Index + entry.Length - 1))
                    {
                        yield return element;
                    }
                }
            }
        }
    }

    /// <summary>The elements of the collection expression opened at <paramref name="open"/> (a spread is not one).</summary>
    private static IEnumerable<(int Start, int End)> CollectionElements(string code, int open) =>
        Expressions.Split(code, open + 1, Expressions.Close(code, open) - 1)
            .Where(e => !code.AsSpan(e.Start, e.End - e.Start).TrimStart().StartsWith("..", StringComparison.Ordinal));

    /// <summary>The texts a piece stands for: itself, a constant's value, a string method's answers.</summary>
    private IEnumerable<FoundMessage> Resolve(SourceFile file, int position, Piece piece, int depth)
    {
        if (depth > 4)
        {
            yield break;
        }

        switch (piece)
        {
            case Piece.Text { Template: var text }:
                yield return new FoundMessage(text, file.Project, $"{Path.GetRelativePath(ServiceCatalog.RepoRoot, file.Text.Path)}:{Line(file, position)}");
                break;
            case Piece.Name { Dotted: var local } when Local(file, position, local) is var (start, end):
                foreach (var found in Expressions.Pieces(file.Text, start, end).SelectMany(p => Resolve(file, start, p, depth + 1)))
                {
                    yield return found;
                }

                break;
            case Piece.Name { Dotted: var output } when OutArgument(file, position, output) is var (callee, index) && callee.Length > 0:
                foreach (var owner in files)
                {
                    foreach (var method in owner.Declarations.Where(d => d.Name == callee && d.BodyStart >= 0 && d.Parameters.Count > index))
                    {
                        var assigned = new Regex(@"\b" + Regex.Escape(method.Parameters[index]) + @"\s*=(?![=>])", RegexOptions.None, TimeSpan.FromSeconds(1));
                        foreach (Match assignment in assigned.Matches(owner.Code[..method.BodyEnd], method.BodyStart))
                        {
                            var start = assignment.Index + assignment.Length;
                            foreach (var found in Expressions.Pieces(owner.Text, start, owner.Code.IndexOf(';', start)).SelectMany(p => Resolve(owner, start, p, depth + 1)))
                            {
                                yield return found;
                            }
                        }
                    }
                }

                break;
            case Piece.Name { Dotted: var dotted }:
                foreach (var (owner, constant) in Constant(file, position, dotted))
                {
                    foreach (var found in Expressions.Pieces(owner.Text, constant.Start, constant.End)
                        .SelectMany(p => Resolve(owner, constant.Start, p, depth + 1)))
                    {
                        yield return found;
                    }
                }

                break;
            case Piece.Call { Dotted: var dotted }:
                var parts = dotted.Split('.');
                var type = parts.Length > 1 ? parts[^2] : file.ClassAt(position);
                foreach (var owner in files)
                {
                    foreach (var method in owner.Declarations.Where(d => d.Name == parts[^1] && d.Class == type && d.ReturnType.StartsWith("string", StringComparison.Ordinal)))
                    {
                        foreach (var found in Returns(owner, method).SelectMany(r => Resolve(owner, r.Position, r.Piece, depth + 1)))
                        {
                            yield return found;
                        }
                    }
                }

                break;
        }
    }

    /// <summary>The constant a name stands for: Class.Name anywhere, or Name in the same class, else in the same project.</summary>
    private IEnumerable<(SourceFile Owner, (string Class, string Name, int Start, int End) Constant)> Constant(SourceFile file, int position, string dotted)
    {
        var parts = dotted.Split('.');
        var all = files.SelectMany(f => f.Constants.Select(c => (Owner: f, Constant: c))).Where(c => c.Constant.Name == parts[^1]).ToList();
        if (parts.Length > 1)
        {
            return all.Where(c => c.Constant.Class == parts[^2]).Take(1);
        }

        var here = all.Where(c => c.Owner == file && c.Constant.Class == file.ClassAt(position)).ToList();
        var project = all.Where(c => c.Owner.Project == file.Project).ToList();
        return here.Count > 0 ? here.Take(1) : project.Count == 1 ? project : [];
    }

    /// <summary>The initializer of a local variable (<c>var detail = …;</c>) declared in the method before <paramref name="position"/>.</summary>
    private static (int Start, int End)? Local(SourceFile file, int position, string name)
    {
        if (name.Contains('.', StringComparison.Ordinal) || file.MethodAt(position) is not { } method)
        {
            return null;
        }

        var declaration = new Regex(@"\b(?:var|string\??)\s+" + Regex.Escape(name) + @"\s*=(?![=>])", RegexOptions.None, TimeSpan.FromSeconds(1))
            .Matches(file.Code[..position], method.BodyStart).LastOrDefault();
        if (declaration is null)
        {
            return null;
        }

        var start = declaration.Index + declaration.Length;
        return (start, file.Code.IndexOf(';', start));
    }

    /// <summary>A variable declared by <c>M(…, out var name)</c> in the method before <paramref name="position"/>: M and the argument's index.</summary>
    private static (string Callee, int Index) OutArgument(SourceFile file, int position, string name)
    {
        if (name.Contains('.', StringComparison.Ordinal) || file.MethodAt(position) is not { } method)
        {
            return ("", -1);
        }

        var code = file.Code;
        var output = new Regex(@"\bout\s+(?:var|string\??)\s+" + Regex.Escape(name) + @"\b", RegexOptions.None, TimeSpan.FromSeconds(1))
            .Matches(code[..position], method.BodyStart).LastOrDefault();
        if (output is null)
        {
            return ("", -1);
        }

        var depth = 0;
        for (var i = output.Index; i > method.BodyStart; i--)
        {
            depth += code[i] is ')' ? 1 : code[i] is '(' ? -1 : 0;
            if (depth < 0)
            {
                var callee = Regex.Match(code[..i], @"(\w+)\s*$").Groups[1].Value;
                var index = Expressions.Split(code, i + 1, Expressions.Close(code, i) - 1).FindIndex(a => a.Start <= output.Index && output.Index < a.End);
                return (callee, index);
            }
        }

        return ("", -1);
    }

    /// <summary>The expressions a method answers: its expression body, or each <c>return x;</c>.</summary>
    private static IEnumerable<(int Position, Piece Piece)> Returns(SourceFile file, Declaration method)
    {
        var code = file.Code;
        if (code[method.BodyStart] != '{')
        {
            return Expressions.Pieces(file.Text, method.BodyStart + 2, method.BodyEnd).Select(p => (method.BodyStart, p));
        }

        return ReturnStatement().Matches(code[..method.BodyEnd], method.BodyStart)
            .SelectMany(m => Expressions.Pieces(file.Text, m.Index + m.Length, code.IndexOf(';', m.Index)).Select(p => (m.Index, p)));
    }

    private static int Line(SourceFile file, int position) => file.Code.AsSpan(0, position).Count('\n') + 1;

    [GeneratedRegex(@"(?:(?<problem>ProblemDetails)(?:\s*\([^()]*\))?\s*=?|(?<problem>\bwith)|\bnew(?:\s*\((?:[^()]|\([^()]*\))*\))?)\s*\{")]
    private static partial Regex ProblemInitializer();

    [GeneratedRegex(@"\G\s*(?<name>[A-Z]\w*)\s*=(?![=>])")]
    private static partial Regex MemberName();

    [GeneratedRegex(@"\b\w*[pP]roblem\w*\s*\.\s*(?:Title|Detail)\s*=(?![=>])")]
    private static partial Regex ProblemAssignment();

    [GeneratedRegex(@"\b\w*[eE]rrors\w*\s*\[[^\[\]\n]*\]\s*=\s*\[")]
    private static partial Regex ErrorsIndexer();

    [GeneratedRegex(@"\bnew\s*(?:Dictionary<string,\s*string\[\]>\s*)?(?:\(\s*\))?\s*\{(?=\s*\[)")]
    private static partial Regex ErrorsDictionary();

    [GeneratedRegex(@"\G\s*\[[^\n]*?\]\s*=\s*\[")]
    private static partial Regex EntryValue();

    [GeneratedRegex(@"\breturn\s+")]
    private static partial Regex ReturnStatement();
}
