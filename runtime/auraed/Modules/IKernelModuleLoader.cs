namespace Aurae.Daemon.Modules;

/// <summary>Puts one module file into the kernel (finit_module on a node; a recorder in tests).</summary>
public interface IKernelModuleLoader
{
    /// <summary>Loads the file at <paramref name="path"/> as module <paramref name="name"/>; logs its own failures.</summary>
    ModuleLoadResult Load(string path, string name);
}

/// <summary>What the kernel said to one module load.</summary>
public enum ModuleLoadResult
{
    Loaded,
    /// <summary>EEXIST: the kernel had it already.</summary>
    AlreadyLoaded,
    Failed,
}
