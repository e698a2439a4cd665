package org.metagov.community.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "plugin_instance")
public class PluginInstanceEntity extends PanacheEntityBase {
    @Id
    public String id;

    @ManyToOne
    @JoinColumn(name = "community_slug")
    public CommunityEntity community;

    @Column(name = "plugin_name")
    public String pluginName;

    /** JSON text, secrets included: never returned as stored. */
    public String config;

    @Column(name = "created_at")
    public Instant createdAt;
}
