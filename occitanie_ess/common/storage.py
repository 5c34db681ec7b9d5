"""File storages by alias (settings.STORAGES), so that S3-compatible storage can replace
the filesystem by configuration alone.

`StorageAlias` is a storage that forwards every operation to STORAGES[alias], looked up at
each use: a model field keeps one stable, migration-friendly storage object while the
deployment chooses the backend (filesystem by default, django-storages' S3 when
DJANGO_STORAGE=s3), and a test can swap it.

`PrivateFileSystemStorage` is the default "private" backend: files outside MEDIA_ROOT,
never served by the web server, only through the views that check who asks; its folder
is read from settings.PRIVATE_MEDIA_ROOT at each use.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class StorageAlias(Storage):
    alias = "default"

    @property
    def target(self) -> Storage:
        return storages[self.alias]

    def open(self, name, mode="rb"):
        return self.target.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.target.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.target.delete(name)

    def exists(self, name):
        return self.target.exists(name)

    def listdir(self, path):
        return self.target.listdir(path)

    def size(self, name):
        return self.target.size(name)

    def url(self, name):
        return self.target.url(name)

    def path(self, name):
        return self.target.path(name)

    def get_accessed_time(self, name):
        return self.target.get_accessed_time(name)

    def get_created_time(self, name):
        return self.target.get_created_time(name)

    def get_modified_time(self, name):
        return self.target.get_modified_time(name)

    def get_valid_name(self, name):
        return self.target.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.target.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.target.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.target.generate_filename(filename)


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read at each use), with no URL."""

    def __init__(self, **kwargs):
        super().__init__()

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def base_url(self):
        return None
