using Aurae.Contract.Modules;
using System.Collections.ObjectModel;
using System.Text;

namespace Aurae.Composer.Kernel;

/// <summary>
/// Gathers the files of one lib/modules/&lt;release&gt;/ tree, whatever holds it (a package, a
/// directory, a tarball): the module files, read as <see cref="KernelModule"/>s, and modules.builtin.
/// </summary>
internal sealed class ModuleTreeCollector
{
    // kbuild's "modules_install" writes modules.builtin: one line per built-in module, naming the
    // .ko it would have been ("kernel/fs/ext4/ext4.ko").
    public const string BuiltinListName = "modules.builtin";

    private readonly SortedDictionary<string, KernelModule> _modules = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _builtin = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _builtinPaths = new(StringComparer.Ordinal);

    /// <summary>Whether the file at <paramref name="relativePath"/> (under lib/modules/&lt;release&gt;/) is one to <see cref="Add"/>.</summary>
    public static bool Wants(string relativePath) =>
        relativePath == BuiltinListName || KernelModule.IsModuleFile(relativePath);

    /// <summary>Adds a wanted file; other files are ignored.</summary>
    /// <param name="relativePath">Path under lib/modules/&lt;release&gt;/.</param>
    /// <param name="storedPath">The path as its container stores it, ending in <paramref name="relativePath"/>; names it in errors.</param>
    /// <exception cref="InvalidDataException">A corrupt module, or a second file for one module name; the message names the file.</exception>
    public void Add(string relativePath, string storedPath, byte[] content)
    {
        if (relativePath == BuiltinListName)
        {
            foreach (var builtinPath in ParseBuiltinList(content))
            {
                _builtinPaths.Add(builtinPath);
                _builtin.Add(KernelModuleName.FromPath(builtinPath));
            }
            return;
        }
        if (!KernelModule.IsModuleFile(relativePath))
            return;
        KernelModule module;
        try
        {
            module = KernelModule.FromFile(relativePath, content);
        }
        catch (InvalidDataException e)
        {
            // The module's errors start with its relative path; prefix the module directory so the
            // message names the file as its container stores it.
            var moduleDirectory = storedPath.EndsWith(relativePath, StringComparison.Ordinal) ? storedPath[..^relativePath.Length] : "";
            throw new InvalidDataException(moduleDirectory + e.Message, e);
        }
        if (_modules.TryGetValue(module.Name, out var existing))
            throw new InvalidDataException($"two files provide module '{module.Name}': '{existing.Path}' and '{module.Path}'");
        _modules.Add(module.Name, module);
    }

    /// <summary>The modules by normalized name, in name order.</summary>
    public IReadOnlyDictionary<string, KernelModule> Modules => new ReadOnlyDictionary<string, KernelModule>(_modules);

    /// <summary>Names of the built-in modules (empty without modules.builtin).</summary>
    public IReadOnlySet<string> BuiltinModules => _builtin;

    /// <summary>modules.builtin's lines, the paths the built-in modules would have ("kernel/fs/ext4/ext4.ko"), sorted.</summary>
    public IReadOnlyList<string> BuiltinModulePaths => [.. _builtinPaths];

    private static IEnumerable<string> ParseBuiltinList(byte[] content) =>
        Encoding.UTF8.GetString(content)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(KernelModule.IsModuleFile);
}
