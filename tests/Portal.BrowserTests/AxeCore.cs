using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>
/// The accessibility check: axe-core run in the page, WCAG 2.1 A and AA rules, and no serious or critical violation
/// allowed. axe-core comes from the npm registry (package.json in this folder); a missing install is made here once.
/// </summary>
public static class AxeCore
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Portal.BrowserTests");

    public static string Locate()
    {
        var script = Path.Combine(Folder, "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(script))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = Folder })
                ?? throw new InvalidOperationException("npm could not be started: install axe-core with `npm ci` in " + Folder);
            npm.WaitForExit();
            if (npm.ExitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed ({npm.ExitCode}): axe-core is missing.");
            }
        }

        return script;
    }

    /// <summary>The serious and critical violations on the page as it is now, one line each (empty: none).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        return [.. found.EnumerateArray().Select(v => v.GetString()!)];
    }

    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{page.Url}:\n" + string.Join("\n", violations));
    }
}
